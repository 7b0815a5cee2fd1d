// The explorer's routing: every view lives in the query string, so a URL can be shared and
// reloading it restores the view. Links to /explore navigate without reloading the page.
//   /explore                                   start: what the data holds
//   /explore?q=juarez&kind=INSTITUTION         search results with facet counts by kind
//   /explore?entity=ID&depth=1&asOf=2020-01-01&types=PART_OF,..&kinds=REGION,..&expanded=ID,..
//                                              an entity and the network around it
//   /explore?view=paths&from=ID&to=ID&asOf=..  the path finder
//   /explore?view=cooperation&level=COUNTRY&programme=ID&from=2014&to=2024
//                                              who cooperates with whom: map, matrix, years
import { KINDS, RELATION_TYPES } from './vocabulary.js';

/** What draws the view of the current URL; set once by `startRouting`. */
let render = () => {};

/** The current query string. */
export function params() {
  return new URLSearchParams(location.search);
}

/** The explorer's URL for these values; empty values and empty lists are left out. */
export function href(values) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (
      value === undefined ||
      value === null ||
      value === '' ||
      (Array.isArray(value) && !value.length)
    )
      continue;
    query.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = query.toString();
  return text ? `/explore?${text}` : '/explore';
}

/** Moves to a URL (a new history entry, or in place with `replace`) and draws its view. */
export function go(url, { replace = false } = {}) {
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  render();
}

/** The current network settings, kept when moving from entity to entity. */
export function settings(p = params()) {
  const list = (key) => (p.get(key) ? p.get(key).split(',').filter(Boolean) : []);
  return {
    depth: Math.min(3, Math.max(1, Number(p.get('depth')) || 1)),
    asOf: p.get('asOf') || '',
    types: list('types').filter((t) => RELATION_TYPES.includes(t)),
    kinds: list('kinds').filter((k) => k in KINDS),
    expanded: list('expanded'),
  };
}

/** The URL of an entity's view, keeping the network settings. */
export function entityHref(id, s = settings()) {
  return href({
    entity: id,
    depth: s.depth === 1 ? '' : s.depth,
    asOf: s.asOf,
    types: s.types,
    kinds: s.kinds,
  });
}

/**
 * The view a query string asks for: `entity`, `cooperation`, `paths` (`from` or `to` alone
 * mean the path finder), `search` or `home`.
 */
export function viewOf(p) {
  if (p.get('entity')) return 'entity';
  if (p.get('view') === 'cooperation') return 'cooperation';
  if (p.get('view') === 'paths' || p.get('from') || p.get('to')) return 'paths';
  if (p.get('q')) return 'search';
  return 'home';
}

/** The entry of the header's navigation that a query string belongs to. */
export function navigationOf(p) {
  if (p.get('entity')) return 'explore';
  if (p.get('view') === 'cooperation') return 'cooperation';
  if (p.get('view') === 'paths' || p.has('from')) return 'paths';
  return 'explore';
}

/**
 * Starts routing: `draw` is called for every URL the explorer moves to, through its own
 * links, `go`, or the browser's back and forward buttons.
 */
export function startRouting(draw) {
  render = draw;
  document.addEventListener('click', (event) => {
    const anchor = event.target.closest?.('a[href^="/explore"]');
    if (
      !anchor ||
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    go(anchor.getAttribute('href'));
  });
  window.addEventListener('popstate', () => render());
}
