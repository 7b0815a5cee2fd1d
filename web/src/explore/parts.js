// Small pieces that several views show: a link to an entity, its kind as a badge, and a list
// of sources.
import { h } from './dom.js';
import { entityHref } from './routing.js';
import { kindLabel, period } from './vocabulary.js';

/** A link to an entity's view, keeping the network settings `s`. */
export function link(entity, s) {
  return h('a', { href: entityHref(entity.id, s), class: 'entity-link' }, entity.name);
}

/** An entity kind as a coloured badge. */
export function kindBadge(kind) {
  return h('span', { class: `kind kind-${kind}` }, kindLabel(kind));
}

/** Sources as a list: the title (a link when there is a URL), the publisher and the date. */
export function sourcesList(sources) {
  return h(
    'ul',
    { class: 'sources' },
    sources.map((s) =>
      h(
        'li',
        {},
        s.url ? h('a', { href: s.url, rel: 'noreferrer' }, s.title) : s.title,
        [s.publisher, s.date].filter(Boolean).length
          ? ` (${[s.publisher, s.date].filter(Boolean).join(', ')})`
          : '',
      ),
    ),
  );
}

/** A relation's role and dates, where its sources state them, and its sources behind a toggle. */
export function relationDetails(r) {
  const dates = period(r.start, r.end);
  return [
    r.role ? h('span', { class: 'role' }, ` · ${r.role}`) : null,
    dates ? h('span', { class: 'dates' }, ` · ${dates}`) : null,
    h(
      'details',
      { class: 'relation-sources' },
      h('summary', {}, `${r.sources.length} source${r.sources.length === 1 ? '' : 's'}`),
      sourcesList(r.sources),
    ),
  ];
}
