// The path finder (/explore?view=paths&from=ID&to=ID&asOf=..): two entities chosen with the
// autocomplete, the shortest chains of relations between them step by step, and all of them
// at once on the network.
import { graphql, PATHS } from '../api.js';
import { combobox } from '../combobox.js';
import { $, fill, h } from '../dom.js';
import { elements } from '../graph.js';
import {
  layoutFor,
  networkControls,
  networkCounts,
  openNetwork,
  textAlternative,
} from '../network-panel.js';
import { link, relationDetails } from '../parts.js';
import { entityHref, go, href, settings } from '../routing.js';
import { status } from '../status.js';
import { relationLabel } from '../vocabulary.js';

/** Draws the path finder for the query string `p`, unless `isCurrent()` says otherwise. */
export async function pathView(p, isCurrent) {
  const s = settings(p);
  const from = p.get('from') || '';
  const to = p.get('to') || '';
  document.title = 'Path finder – regiograph explorer';
  const fromInput = h('input', {
    id: 'path-from',
    type: 'text',
    placeholder: 'e.g. Government of Cantabria',
    required: true,
  });
  const toInput = h('input', {
    id: 'path-to',
    type: 'text',
    placeholder: 'e.g. T-Hub',
    required: true,
  });
  const asOf = h('input', { id: 'path-as-of', type: 'date', value: s.asOf });
  const results = h('div', { id: 'path-results', 'aria-live': 'polite' });
  const form = h(
    'form',
    {
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
    h('button', { type: 'submit', id: 'find-paths' }, 'Find paths'),
  );
  fill(
    $('#panel'),
    h('h1', {}, 'Path finder'),
    h(
      'p',
      {},
      'How are two entities linked? Choose both; the shortest chains of relations are listed, each step with its relation, role, dates and sources.',
    ),
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
  const data = await graphql(PATHS, {
    from,
    to,
    asOf: s.asOf || null,
    types: s.types.length ? s.types : null,
    kinds: s.kinds.length ? s.kinds : null,
  });
  if (!isCurrent()) return;
  if (data.a) {
    fromInput.value = data.a.name;
    fromInput.dataset.id = data.a.id;
  }
  if (data.b) {
    toInput.value = data.b.name;
    toInput.dataset.id = data.b.id;
  }
  if (!data.a || !data.b) {
    fill(results, h('p', {}, `Unknown entity: ${!data.a ? from : to}.`));
    layoutFor(false);
    return;
  }
  document.title = `${data.a.name} to ${data.b.name} – regiograph explorer`;
  const paths = data.paths;
  fill(
    results,
    h(
      'h2',
      {},
      paths.length
        ? `${paths.length} shortest ${paths.length === 1 ? 'path' : 'paths'}`
        : 'No path',
    ),
    paths.length
      ? null
      : h('p', {}, 'No chain of at most 6 relations links them under these settings.'),
    h(
      'ol',
      { class: 'paths' },
      paths.map((path, index) =>
        h(
          'li',
          { class: 'path' },
          h('h3', {}, `Path ${index + 1}: ${path.length} ${path.length === 1 ? 'step' : 'steps'}`),
          h(
            'ol',
            { class: 'steps' },
            path.relations.map((r, i) => {
              const here = path.entities[i];
              const there = path.entities[i + 1];
              const forward = r.from.id === here.id;
              return h(
                'li',
                { class: 'step' },
                link(here, s),
                ' ',
                h(
                  'span',
                  { class: 'relation' },
                  forward ? `— ${relationLabel(r.type)} →` : `← ${relationLabel(r.type)} —`,
                ),
                ' ',
                link(there, s),
                ...relationDetails(r),
              );
            }),
          ),
        ),
      ),
    ),
  );
  // The network: every path at once, their relations highlighted.
  const entities = new Map();
  const relations = new Map();
  for (const path of paths) {
    path.entities.forEach((e) => entities.set(e.id, e));
    path.relations.forEach((r) => relations.set(r.id, r));
  }
  const controls = networkControls(s, { centre: null });
  fill(
    $('#network-panel'),
    h(
      'h2',
      { class: 'network-title' },
      `Paths from ${data.a.name} to ${data.b.name}`,
      s.asOf ? ` as of ${s.asOf}` : '',
    ),
    controls.toolbar,
    h('p', { class: 'hint' }, 'Click an entity to open it.'),
    h('div', { id: 'cy', role: 'img', tabindex: '0' }),
    h('p', { id: 'network-summary', class: 'summary' }),
    controls.legend,
    h('details', { class: 'table-view', id: 'table-view' }),
  );
  const graph = openNetwork($('#cy'), { onOpen: (node) => go(entityHref(node, s)) });
  const elems = elements([...entities.values()], [...relations.values()], null);
  elems.forEach((e) => {
    if (e.data.id === from || e.data.id === to) e.data.centre = true;
  });
  graph.show(elems);
  graph.cy.edges().addClass('path');
  $('#table-view').replaceWith(textAlternative(null));
  networkCounts();
}
