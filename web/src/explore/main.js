// The network explorer on /explore. Every view lives in the query string, so a URL can be
// shared and reloading it restores the view:
//   /explore                                   start: what the data holds
//   /explore?q=juarez&kind=INSTITUTION         search results with facet counts by kind
//   /explore?entity=ID&depth=1&asOf=2020-01-01&types=PART_OF,..&kinds=REGION,..&expanded=ID,..
//                                              an entity and the network around it
//   /explore?view=paths&from=ID&to=ID&asOf=..  the path finder
//   /explore?view=cooperation&level=COUNTRY&programme=ID&from=2014&to=2024
//                                              who cooperates with whom: map, matrix, years
import './explore.css';
import { graphql, ENTITY, NEIGHBORHOOD, PATHS, SEARCH, STATS } from './api.js';
import { combobox } from './combobox.js';
import { elements, graphml, network, png, svgBlob } from './graph.js';
import { KINDS, RELATION_TYPES, kindLabel, period, relationLabel } from './vocabulary.js';
import { fill, h } from './dom.js';

const $ = (selector, root = document) => root.querySelector(selector);

// ---- routing -------------------------------------------------------------------------

function params() {
  return new URLSearchParams(location.search);
}

function href(values) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length)) continue;
    query.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = query.toString();
  return text ? `/explore?${text}` : '/explore';
}

function go(url, { replace = false } = {}) {
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  render();
}

/** The current network settings, kept when moving from entity to entity. */
function settings(p = params()) {
  const list = (key) => (p.get(key) ? p.get(key).split(',').filter(Boolean) : []);
  return {
    depth: Math.min(3, Math.max(1, Number(p.get('depth')) || 1)),
    asOf: p.get('asOf') || '',
    types: list('types').filter((t) => RELATION_TYPES.includes(t)),
    kinds: list('kinds').filter((k) => k in KINDS),
    expanded: list('expanded'),
  };
}

function entityHref(id, s = settings()) {
  return href({ entity: id, depth: s.depth === 1 ? '' : s.depth, asOf: s.asOf, types: s.types, kinds: s.kinds });
}

function link(entity, s) {
  return h('a', { href: entityHref(entity.id, s), class: 'entity-link' }, entity.name);
}

function kindBadge(kind) {
  return h('span', { class: `kind kind-${kind}` }, kindLabel(kind));
}

// Same-origin explorer links navigate without reloading the page.
document.addEventListener('click', (event) => {
  const anchor = event.target.closest?.('a[href^="/explore"]');
  if (!anchor || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  go(anchor.getAttribute('href'));
});
window.addEventListener('popstate', () => render());

// ---- status ---------------------------------------------------------------------------

let statusTimer = null;

/** Says something in the status box (read out by screen readers); news fades after 8 s. */
function status(text, error = false) {
  const box = $('#status');
  box.textContent = text;
  box.classList.toggle('error', error);
  clearTimeout(statusTimer);
  if (text && !error) statusTimer = setTimeout(() => { box.textContent = ''; }, 8000);
}

// ---- the header search ----------------------------------------------------------------

const searchInput = $('#search-input');
combobox(searchInput, {
  onPick: (entity) => go(entityHref(entity.id)),
  onEnter: (text) => text && go(href({ q: text })),
});
$('#search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = searchInput.value.trim();
  if (text) go(href({ q: text }));
});

// ---- views ----------------------------------------------------------------------------

let graph = null;
let renderTicket = 0;

function layoutFor(withNetwork, { wide = false } = {}) {
  document.body.classList.toggle('with-network', withNetwork);
  document.body.classList.toggle('wide', wide);
  $('#network-panel').hidden = !withNetwork;
  if (graph && !withNetwork) {
    graph.destroy();
    graph = null;
  }
}

async function render() {
  const ticket = ++renderTicket;
  const p = params();
  status('');
  try {
    if (p.get('entity')) await entityView(p.get('entity'), ticket);
    else if (p.get('view') === 'cooperation') await cooperation(p, ticket);
    else if (p.get('view') === 'paths' || p.get('from') || p.get('to')) await pathView(p, ticket);
    else if (p.get('q')) await searchView(p.get('q'), p.get('kind'), ticket);
    else await homeView(ticket);
  } catch (error) {
    if (ticket === renderTicket) status(`Could not load this view: ${error.message}`, true);
  }
  // The view named in the navigation: `from` and `to` alone mean the path finder.
  const view = p.get('entity') ? 'explore'
    : p.get('view') === 'cooperation' ? 'cooperation'
      : p.get('view') === 'paths' || p.has('from') ? 'paths' : 'explore';
  document.querySelectorAll('#views a').forEach((a) => {
    const current = a.dataset.view === view;
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
}

async function homeView(ticket) {
  document.title = 'regiograph explorer';
  layoutFor(false);
  const data = await graphql(STATS);
  if (ticket !== renderTicket) return;
  const stats = data.stats;
  fill($('#panel'), 
    h('h1', {}, 'Explore the cooperation network'),
    h('p', {}, `The data holds ${stats.entities} entities and ${stats.relations} relations, each citing one of ${stats.sources} sources. Search for a region, an institution, a person, a programme or a project above, then follow its relations on the network, or find how two entities are linked with the `, h('a', { href: '/explore?view=paths' }, 'path finder'), '. ',
      'Who works with whom, where and since when is drawn in the ', h('a', { href: '/explore?view=cooperation' }, 'cooperation view'), ': a map, a matrix and the projects per year.'),
    h('h2', {}, 'Start from'),
    h('ul', { class: 'starts' },
      ['region:cantabria', 'region:chihuahua', 'project:iuc-cantabria-chihuahua', 'institution:cimav'].map((id) =>
        h('li', {}, h('a', { href: entityHref(id) }, id)))),
    h('h2', {}, 'What is in the data'),
    h('ul', { class: 'facets' }, stats.entitiesByKind.map((k) =>
      h('li', {}, h('a', { href: href({ q: k.kind.toLowerCase(), kind: k.kind }), class: 'facet' }, kindBadge(k.kind), ` ${k.count}`)))),
  );
}

function highlighted(highlight) {
  const chars = Array.from(highlight.text);
  const parts = [];
  let at = 0;
  for (const range of highlight.ranges) {
    if (range.start > at) parts.push(chars.slice(at, range.start).join(''));
    parts.push(h('mark', {}, chars.slice(range.start, range.end).join('')));
    at = range.end;
  }
  if (at < chars.length) parts.push(chars.slice(at).join(''));
  return parts;
}

async function searchView(text, kind, ticket) {
  document.title = `${text} – regiograph explorer`;
  layoutFor(false);
  searchInput.value = text;
  const data = await graphql(SEARCH, { query: text, kinds: kind ? [kind] : null });
  if (ticket !== renderTicket) return;
  const result = data.search;
  fill($('#panel'), 
    h('h1', {}, `Search: ${text}`),
    h('p', { id: 'result-count' }, `${result.totalCount} ${result.totalCount === 1 ? 'entity matches' : 'entities match'}${kind ? ` among ${kindLabel(kind).toLowerCase()}s` : ''}.`),
    h('nav', { 'aria-label': 'Filter by kind', class: 'facet-bar' },
      h('ul', { class: 'facets' },
        h('li', {}, h('a', { href: href({ q: text }), class: 'facet', 'aria-current': kind ? null : 'true' }, 'All kinds')),
        result.facets.map((f) => h('li', {}, h('a', {
          href: href({ q: text, kind: f.kind }), class: 'facet', 'data-kind': f.kind, 'aria-current': kind === f.kind ? 'true' : null,
        }, kindBadge(f.kind), ` ${f.count}`))))),
    h('ol', { class: 'hits' }, result.hits.map((hit) => {
      const context = hit.highlights.find((x) => x.field !== 'NAME');
      return h('li', {},
        h('div', { class: 'hit-title' }, link(hit.entity), ' ', kindBadge(hit.entity.kind)),
        context ? h('p', { class: 'hit-context' }, `${context.field.toLowerCase()}: `, highlighted(context)) : null);
    })),
  );
}

function sourcesList(sources) {
  return h('ul', { class: 'sources' }, sources.map((s) =>
    h('li', {}, s.url ? h('a', { href: s.url, rel: 'noreferrer' }, s.title) : s.title,
      [s.publisher, s.date].filter(Boolean).length ? ` (${[s.publisher, s.date].filter(Boolean).join(', ')})` : '')));
}

function entityPanel(entity, s) {
  const fields = [
    ['Kind', kindLabel(entity.kind)],
    ['Id', entity.id],
    ['Also called', entity.aliases.join(', ')],
    ['Level', entity.level?.toLowerCase()],
    ['Institution kind', entity.institutionKind?.toLowerCase().replaceAll('_', ' ')],
    ['Programme kind', entity.programmeKind?.toLowerCase().replaceAll('_', ' ')],
    ['Event kind', entity.eventKind?.toLowerCase().replaceAll('_', ' ')],
    ['Dates', period(entity.start, entity.end)],
    ['Topics', entity.topics.length ? entity.topics.map((t, i) => [i ? ', ' : '', link(t, s)]).flat() : null],
    ['Website', entity.website ? h('a', { href: entity.website, rel: 'noreferrer' }, entity.website) : null],
    ['Inferred', entity.inferredFields.join(', ')],
  ].filter(([, value]) => value && value.length !== 0);
  const groups = new Map();
  for (const relation of entity.relations.nodes) {
    if (!groups.has(relation.type)) groups.set(relation.type, []);
    groups.get(relation.type).push(relation);
  }
  return [
    h('h1', {}, entity.name, ' ', kindBadge(entity.kind)),
    entity.description ? h('p', { class: 'description' }, entity.description) : null,
    h('dl', { class: 'fields' }, fields.map(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]).flat()),
    entity.figures.length ? [h('h2', {}, 'Figures'), h('ul', {}, entity.figures.map((f) =>
      h('li', {}, `${f.label}: ${f.approximate ? 'about ' : ''}${f.value.toLocaleString('en')}${f.unit ? ` ${f.unit}` : ''}${f.year ? ` (${f.year})` : ''}`)))] : null,
    h('h2', {}, 'Sources'),
    sourcesList(entity.sources),
    h('h2', { id: 'relations-heading' }, `Relations (${entity.relations.totalCount})`),
    entity.relations.totalCount > entity.relations.nodes.length
      ? h('p', {}, `The first ${entity.relations.nodes.length} are listed.`) : null,
    h('div', { class: 'relation-groups' }, [...groups.entries()].map(([type, relations]) =>
      h('section', { class: 'relation-group', 'data-type': type },
        h('h3', {}, `${relationLabel(type)} (${relations.length})`),
        h('ul', {}, relations.map((r) => {
          const outgoing = r.from.id === entity.id;
          const other = outgoing ? r.to : r.from;
          return h('li', {},
            h('span', { class: 'direction', title: outgoing ? `${entity.name} ${relationLabel(type)} …` : `… ${relationLabel(type)} ${entity.name}` }, outgoing ? '→ ' : '← '),
            link(other, s), ' ', kindBadge(other.kind),
            r.role ? h('span', { class: 'role' }, ` · ${r.role}`) : null,
            period(r.start, r.end) ? h('span', { class: 'dates' }, ` · ${period(r.start, r.end)}`) : null,
            h('details', { class: 'relation-sources' }, h('summary', {}, `${r.sources.length} source${r.sources.length === 1 ? '' : 's'}`), sourcesList(r.sources)));
        }))))),
  ];
}

/** The toolbar, filters, legend and text alternative of the network. */
function networkControls(s, { centre, onExpand }) {
  const update = (changes, options) => go(href({ ...currentValues(), ...changes }), options);
  const currentValues = () => {
    const p = params();
    const values = Object.fromEntries(p.entries());
    return values;
  };
  const depth = h('select', { id: 'depth', onchange: (e) => update({ depth: e.target.value, expanded: '' }) },
    [1, 2, 3].map((d) => h('option', { value: String(d), selected: d === s.depth }, String(d))));
  const asOf = h('input', { id: 'as-of', type: 'date', value: s.asOf, min: '1990-01-01', max: '2035-12-31' });
  asOf.addEventListener('change', () => update({ asOf: asOf.value, expanded: '' }));
  const toolbar = h('div', { class: 'toolbar' },
    centre ? h('label', {}, 'Depth ', depth) : null,
    h('label', {}, 'As of ', asOf),
    s.asOf ? h('button', { type: 'button', onclick: () => update({ asOf: '', expanded: '' }) }, 'Any date') : null,
    h('span', { class: 'spacer' }),
    h('button', { type: 'button', id: 'export-png', onclick: () => save(png(graph.cy), 'png') }, 'PNG'),
    h('button', { type: 'button', id: 'export-svg', onclick: () => save(svgBlob(graph.cy), 'svg') }, 'SVG'),
    h('button', { type: 'button', id: 'export-graphml', onclick: () => save(graphml(graph.cy), 'graphml') }, 'GraphML'),
    h('button', { type: 'button', id: 'fit', onclick: () => graph?.cy.fit(undefined, 24) }, 'Fit'),
  );
  const checkboxes = (name, values, chosen, label) => h('fieldset', {},
    h('legend', {}, label),
    values.map((value) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name, value, checked: chosen.length === 0 || chosen.includes(value) }),
      ` ${name === 'kinds' ? kindLabel(value) : relationLabel(value)}`)));
  const filters = h('details', { class: 'filters', open: s.types.length || s.kinds.length ? true : null },
    h('summary', {}, `Filters${s.types.length || s.kinds.length ? ' (on)' : ''}`),
    h('form', {
      id: 'filters',
      onsubmit: (event) => {
        event.preventDefault();
        const form = new FormData(event.target);
        const types = form.getAll('types');
        const kinds = form.getAll('kinds');
        update({
          types: types.length === RELATION_TYPES.length ? '' : types.join(','),
          kinds: kinds.length === Object.keys(KINDS).length ? '' : kinds.join(','),
          expanded: '',
        });
      },
    },
    checkboxes('kinds', Object.keys(KINDS), s.kinds, 'Entity kinds'),
    checkboxes('types', RELATION_TYPES, s.types, 'Relation types'),
    h('button', { type: 'submit' }, 'Apply filters'),
    h('button', { type: 'button', onclick: () => update({ types: '', kinds: '', expanded: '' }) }, 'Clear filters')));
  const legend = h('ul', { class: 'legend', 'aria-label': 'Legend: colours and shapes by kind' },
    Object.entries(KINDS).map(([kind, k]) => h('li', {}, h('span', { class: `swatch shape-${k.shape}`, style: `background:${k.color}` }), ` ${k.label}`)));
  return { toolbar, filters, legend, onExpand };
}

function save(blobOrPromise, extension) {
  Promise.resolve(blobOrPromise).then((blob) => {
    const p = params();
    const name = (p.get('entity') || (p.get('from') && `${p.get('from')}--${p.get('to')}`) || 'network').replace(/[^a-z0-9-]+/gi, '-');
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: `regiograph-${name}.${extension}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    status(`Saved regiograph-${name}.${extension}.`);
  }).catch((error) => status(`Export failed: ${error.message}`, true));
}

/** The text alternative of the network: its entities (with open and expand) and relations. */
function textAlternative(onExpand) {
  const nodes = graph.nodes();
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  const edges = graph.edges();
  return h('details', { class: 'table-view', id: 'table-view' },
    h('summary', {}, `The network as tables: ${nodes.length} entities, ${edges.length} relations`),
    h('table', { class: 'nodes' },
      h('caption', {}, 'Entities shown'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Entity'), h('th', { scope: 'col' }, 'Kind'), h('th', { scope: 'col' }, 'Action'))),
      h('tbody', {}, nodes.map((n) => h('tr', {},
        h('td', {}, h('a', { href: entityHref(n.id) }, n.name)),
        h('td', {}, kindLabel(n.kind)),
        h('td', {}, !onExpand || n.expanded || n.centre ? '' : h('button', { type: 'button', class: 'expand', 'data-id': n.id, onclick: () => onExpand(n.id) }, `Expand`)))))),
    h('table', { class: 'edges' },
      h('caption', {}, 'Relations shown'),
      h('thead', {}, h('tr', {}, ['From', 'Relation', 'To', 'Role', 'Dates'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, edges.map((e) => h('tr', {},
        h('td', {}, names.get(e.source)), h('td', {}, relationLabel(e.type)), h('td', {}, names.get(e.target)),
        h('td', {}, e.role), h('td', {}, period(e.start, e.end)))))));
}

function networkCounts() {
  const n = graph.cy.nodes().length;
  const e = graph.cy.edges().length;
  $('#network-summary').textContent = `${n} entities and ${e} relations shown`;
  $('#cy').setAttribute('aria-label', `Network of ${n} entities and ${e} relations; the same in tables below.`);
}

async function entityView(id, ticket) {
  const s = settings();
  layoutFor(true);
  const variables = { id, depth: s.depth, asOf: s.asOf || null, types: s.types.length ? s.types : null, kinds: s.kinds.length ? s.kinds : null };
  const [details, hood] = await Promise.all([graphql(ENTITY, { id }), graphql(NEIGHBORHOOD, variables)]);
  if (ticket !== renderTicket) return;
  const entity = details.entity;
  if (!entity) {
    fill($('#panel'), h('h1', {}, 'Not found'), h('p', {}, `There is no entity ${id}.`));
    layoutFor(false);
    return;
  }
  document.title = `${entity.name} – regiograph explorer`;
  fill($('#panel'), ...entityPanel(entity, s).flat().filter(Boolean));

  const expand = async (node) => {
    const more = await graphql(NEIGHBORHOOD, { ...variables, id: node, depth: 1 });
    if (ticket !== renderTicket) return;
    const added = graph.merge(elements(more.neighborhood.entities, more.neighborhood.relations, id));
    graph.cy.getElementById(node).data('expanded', true);
    const now = settings();
    if (!now.expanded.includes(node)) {
      history.replaceState(null, '', href({ ...Object.fromEntries(params().entries()), expanded: [...now.expanded, node] }));
    }
    refreshTable();
    networkCounts();
    status(`Expanded ${graph.cy.getElementById(node).data('name')}: ${added} more ${added === 1 ? 'entity' : 'entities'}.`);
  };
  const controls = networkControls(s, { centre: id, onExpand: expand });
  const refreshTable = () => $('#table-view')?.replaceWith(textAlternative(expand));
  const panel = $('#network-panel');
  fill(panel, 
    h('h2', { class: 'network-title' }, `Network around ${entity.name}`, s.asOf ? ` as of ${s.asOf}` : ''),
    controls.toolbar,
    controls.filters,
    h('p', { class: 'hint' }, 'Click an entity to open it; double-click, or use Expand in the tables below, to add its neighbours in place.'),
    h('div', { id: 'cy', role: 'img', tabindex: '0' }),
    h('p', { id: 'network-summary', class: 'summary', 'aria-live': 'polite' }),
    hood.neighborhood.truncated ? h('p', { class: 'note' }, 'The neighbourhood was cut at 100 entities; use the filters or a smaller depth.') : null,
    controls.legend,
    h('details', { class: 'table-view', id: 'table-view' }),
  );
  if (graph) graph.destroy();
  graph = network($('#cy'), {
    onOpen: (node) => node !== id && go(entityHref(node)),
    onExpand: expand,
  });
  graph.show(elements(hood.neighborhood.entities, hood.neighborhood.relations, id));
  for (const node of s.expanded) {
    if (!graph.cy.getElementById(node).empty()) await expand(node);
  }
  refreshTable();
  networkCounts();
}

/** The cooperation view (map, matrix, years) in the whole width; see cooperation/view.js. */
async function cooperation(p, ticket) {
  document.title = 'Cooperation – regiograph explorer';
  layoutFor(false, { wide: true });
  // The map's outlines and the d3 modules come in a chunk of their own, loaded on first use.
  const { cooperationView } = await import('./cooperation/view.js');
  if (ticket !== renderTicket) return;
  await cooperationView($('#panel'), p, {
    isCurrent: () => ticket === renderTicket,
    go,
  });
}

async function pathView(p, ticket) {
  const s = settings(p);
  const from = p.get('from') || '';
  const to = p.get('to') || '';
  document.title = 'Path finder – regiograph explorer';
  const fromInput = h('input', { id: 'path-from', type: 'text', placeholder: 'e.g. Government of Cantabria', required: true });
  const toInput = h('input', { id: 'path-to', type: 'text', placeholder: 'e.g. T-Hub', required: true });
  const asOf = h('input', { id: 'path-as-of', type: 'date', value: s.asOf });
  const results = h('div', { id: 'path-results', 'aria-live': 'polite' });
  const form = h('form', {
    id: 'path-form',
    class: 'path-form',
    onsubmit: (event) => {
      event.preventDefault();
      const a = fromInput.dataset.id;
      const b = toInput.dataset.id;
      if (!a || !b) {
        status('Choose both entities from the suggestions.', true);
        return;
      }
      go(href({ view: 'paths', from: a, to: b, asOf: asOf.value }));
    },
  },
  h('div', { class: 'field' }, h('label', { for: 'path-from' }, 'From'), fromInput),
  h('div', { class: 'field' }, h('label', { for: 'path-to' }, 'To'), toInput),
  h('div', { class: 'field' }, h('label', { for: 'path-as-of' }, 'As of (optional)'), asOf),
  h('button', { type: 'submit', id: 'find-paths' }, 'Find paths'));
  fill($('#panel'), 
    h('h1', {}, 'Path finder'),
    h('p', {}, 'How are two entities linked? Choose both; the shortest chains of relations are listed, each step with its relation, role, dates and sources.'),
    form,
    results,
  );
  combobox(fromInput);
  combobox(toInput);
  if (!from || !to) {
    layoutFor(false);
    return;
  }
  layoutFor(true);
  const data = await graphql(PATHS, { from, to, asOf: s.asOf || null, types: s.types.length ? s.types : null, kinds: s.kinds.length ? s.kinds : null });
  if (ticket !== renderTicket) return;
  if (data.a) { fromInput.value = data.a.name; fromInput.dataset.id = data.a.id; }
  if (data.b) { toInput.value = data.b.name; toInput.dataset.id = data.b.id; }
  if (!data.a || !data.b) {
    fill(results, h('p', {}, `Unknown entity: ${!data.a ? from : to}.`));
    layoutFor(false);
    return;
  }
  document.title = `${data.a.name} to ${data.b.name} – regiograph explorer`;
  const paths = data.paths;
  fill(results, 
    h('h2', {}, paths.length ? `${paths.length} shortest ${paths.length === 1 ? 'path' : 'paths'}` : 'No path'),
    paths.length ? null : h('p', {}, 'No chain of at most 6 relations links them under these settings.'),
    h('ol', { class: 'paths' }, paths.map((path, index) => h('li', { class: 'path' },
      h('h3', {}, `Path ${index + 1}: ${path.length} ${path.length === 1 ? 'step' : 'steps'}`),
      h('ol', { class: 'steps' }, path.relations.map((r, i) => {
        const here = path.entities[i];
        const there = path.entities[i + 1];
        const forward = r.from.id === here.id;
        return h('li', { class: 'step' },
          link(here, s), ' ',
          h('span', { class: 'relation' }, forward ? `— ${relationLabel(r.type)} →` : `← ${relationLabel(r.type)} —`), ' ',
          link(there, s),
          r.role ? h('span', { class: 'role' }, ` · ${r.role}`) : null,
          period(r.start, r.end) ? h('span', { class: 'dates' }, ` · ${period(r.start, r.end)}`) : null,
          h('details', { class: 'relation-sources' }, h('summary', {}, `${r.sources.length} source${r.sources.length === 1 ? '' : 's'}`), sourcesList(r.sources)));
      }))))),
  );
  // The network: every path at once, their relations highlighted.
  const entities = new Map();
  const relations = new Map();
  for (const path of paths) {
    path.entities.forEach((e) => entities.set(e.id, e));
    path.relations.forEach((r) => relations.set(r.id, r));
  }
  const controls = networkControls(s, { centre: null });
  fill($('#network-panel'), 
    h('h2', { class: 'network-title' }, `Paths from ${data.a.name} to ${data.b.name}`, s.asOf ? ` as of ${s.asOf}` : ''),
    controls.toolbar,
    h('p', { class: 'hint' }, 'Click an entity to open it.'),
    h('div', { id: 'cy', role: 'img', tabindex: '0' }),
    h('p', { id: 'network-summary', class: 'summary' }),
    controls.legend,
    h('details', { class: 'table-view', id: 'table-view' }),
  );
  if (graph) graph.destroy();
  graph = network($('#cy'), { onOpen: (node) => go(entityHref(node, s)) });
  const elems = elements([...entities.values()], [...relations.values()], null);
  elems.forEach((e) => { if (e.data.id === from || e.data.id === to) e.data.centre = true; });
  graph.show(elems);
  graph.cy.edges().addClass('path');
  $('#table-view').replaceWith(textAlternative(null));
  networkCounts();
}

render();
