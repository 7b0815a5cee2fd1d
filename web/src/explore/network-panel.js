// The network panel that the entity view and the path finder share: the layout that shows or
// hides it, the network shown (one at a time), its toolbar (depth, date, exports), filters,
// legend, counts, and its text alternative as tables.
import { $, h } from './dom.js';
import { graphml, network, png, svgBlob } from './graph.js';
import { status } from './status.js';
import { go, href, params, entityHref } from './routing.js';
import { KINDS, RELATION_TYPES, kindLabel, period, relationLabel } from './vocabulary.js';

/** The network shown in the panel, if any (see graph.js). */
let graph = null;

/** Shows the network panel beside the details, or hides it and closes its network; `wide`
 * gives the details panel the whole width. */
export function layoutFor(withNetwork, { wide = false } = {}) {
  document.body.classList.toggle('with-network', withNetwork);
  document.body.classList.toggle('wide', wide);
  $('#network-panel').hidden = !withNetwork;
  if (!withNetwork) closeNetwork();
}

/** Draws a new network into `container`, replacing the one shown; see graph.js's `network`. */
export function openNetwork(container, options) {
  closeNetwork();
  graph = network(container, options);
  return graph;
}

/** The network shown, or null. */
export function shownNetwork() {
  return graph;
}

/** Removes the network shown, if any. */
export function closeNetwork() {
  if (graph) {
    graph.destroy();
    graph = null;
  }
}

/** The toolbar, filters, legend and text alternative of the network. */
export function networkControls(s, { centre, onExpand }) {
  const update = (changes, options) => go(href({ ...currentValues(), ...changes }), options);
  const currentValues = () => Object.fromEntries(params().entries());
  const depth = h(
    'select',
    { id: 'depth', onchange: (e) => update({ depth: e.target.value, expanded: '' }) },
    [1, 2, 3].map((d) => h('option', { value: String(d), selected: d === s.depth }, String(d))),
  );
  const asOf = h('input', {
    id: 'as-of',
    type: 'date',
    value: s.asOf,
    min: '1990-01-01',
    max: '2035-12-31',
  });
  asOf.addEventListener('change', () => update({ asOf: asOf.value, expanded: '' }));
  const toolbar = h(
    'div',
    { class: 'toolbar' },
    centre ? h('label', {}, 'Depth ', depth) : null,
    h('label', {}, 'As of ', asOf),
    s.asOf
      ? h(
          'button',
          { type: 'button', onclick: () => update({ asOf: '', expanded: '' }) },
          'Any date',
        )
      : null,
    h('span', { class: 'spacer' }),
    h(
      'button',
      { type: 'button', id: 'export-png', onclick: () => save(png(graph.cy), 'png') },
      'PNG',
    ),
    h(
      'button',
      { type: 'button', id: 'export-svg', onclick: () => save(svgBlob(graph.cy), 'svg') },
      'SVG',
    ),
    h(
      'button',
      { type: 'button', id: 'export-graphml', onclick: () => save(graphml(graph.cy), 'graphml') },
      'GraphML',
    ),
    h('button', { type: 'button', id: 'fit', onclick: () => graph?.cy.fit(undefined, 24) }, 'Fit'),
  );
  const checkboxes = (name, values, chosen, label) =>
    h(
      'fieldset',
      {},
      h('legend', {}, label),
      values.map((value) =>
        h(
          'label',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            name,
            value,
            checked: chosen.length === 0 || chosen.includes(value),
          }),
          ` ${name === 'kinds' ? kindLabel(value) : relationLabel(value)}`,
        ),
      ),
    );
  const filters = h(
    'details',
    { class: 'filters', open: s.types.length || s.kinds.length ? true : null },
    h('summary', {}, `Filters${s.types.length || s.kinds.length ? ' (on)' : ''}`),
    h(
      'form',
      {
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
      h(
        'button',
        { type: 'button', onclick: () => update({ types: '', kinds: '', expanded: '' }) },
        'Clear filters',
      ),
    ),
  );
  const legend = h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend: colours and shapes by kind' },
    Object.values(KINDS).map((k) =>
      h(
        'li',
        {},
        h('span', { class: `swatch shape-${k.shape}`, style: `background:${k.color}` }),
        ` ${k.label}`,
      ),
    ),
  );
  return { toolbar, filters, legend, onExpand };
}

/** Saves an export (a blob, or a promise of one) as a download named after the view. */
function save(blobOrPromise, extension) {
  Promise.resolve(blobOrPromise)
    .then((blob) => {
      const p = params();
      const name = (
        p.get('entity') ||
        (p.get('from') && `${p.get('from')}--${p.get('to')}`) ||
        'network'
      ).replace(/[^a-z0-9-]+/gi, '-');
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: `regiograph-${name}.${extension}` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      status(`Saved regiograph-${name}.${extension}.`);
    })
    .catch((error) => status(`Export failed: ${error.message}`, true));
}

/** The text alternative of the network: its entities (with open and expand) and relations. */
export function textAlternative(onExpand) {
  const nodes = graph.nodes();
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  const edges = graph.edges();
  return h(
    'details',
    { class: 'table-view', id: 'table-view' },
    h('summary', {}, `The network as tables: ${nodes.length} entities, ${edges.length} relations`),
    h(
      'table',
      { class: 'nodes' },
      h('caption', {}, 'Entities shown'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Entity'),
          h('th', { scope: 'col' }, 'Kind'),
          h('th', { scope: 'col' }, 'Action'),
        ),
      ),
      h(
        'tbody',
        {},
        nodes.map((n) =>
          h(
            'tr',
            {},
            h('td', {}, h('a', { href: entityHref(n.id) }, n.name)),
            h('td', {}, kindLabel(n.kind)),
            h(
              'td',
              {},
              !onExpand || n.expanded || n.centre
                ? ''
                : h(
                    'button',
                    {
                      type: 'button',
                      class: 'expand',
                      'data-id': n.id,
                      onclick: () => onExpand(n.id),
                    },
                    `Expand`,
                  ),
            ),
          ),
        ),
      ),
    ),
    h(
      'table',
      { class: 'edges' },
      h('caption', {}, 'Relations shown'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['From', 'Relation', 'To', 'Role', 'Dates'].map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h(
        'tbody',
        {},
        edges.map((e) =>
          h(
            'tr',
            {},
            h('td', {}, names.get(e.source)),
            h('td', {}, relationLabel(e.type)),
            h('td', {}, names.get(e.target)),
            h('td', {}, e.role),
            h('td', {}, period(e.start, e.end)),
          ),
        ),
      ),
    ),
  );
}

/** Says how many entities and relations the network shows, under it and to screen readers. */
export function networkCounts() {
  const n = graph.cy.nodes().length;
  const e = graph.cy.edges().length;
  $('#network-summary').textContent = `${n} entities and ${e} relations shown`;
  $('#cy').setAttribute(
    'aria-label',
    `Network of ${n} entities and ${e} relations; the same in tables below.`,
  );
}
