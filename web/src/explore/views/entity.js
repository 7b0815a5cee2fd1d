// An entity and the network around it (/explore?entity=ID&depth=..&asOf=..&types=..&kinds=..
// &expanded=..): its fields, figures, sources and relations grouped by type beside the
// network, where entities can be opened and expanded in place.
import { graphql, ENTITY, NEIGHBORHOOD } from '../api.js';
import { $, fill, h } from '../dom.js';
import { elements } from '../graph.js';
import {
  layoutFor,
  networkControls,
  networkCounts,
  openNetwork,
  textAlternative,
} from '../network-panel.js';
import { kindBadge, link, relationDetails, sourcesList } from '../parts.js';
import { entityHref, go, href, params, settings } from '../routing.js';
import { status } from '../status.js';
import { kindLabel, period, relationLabel } from '../vocabulary.js';

/** The details panel of an entity: its fields, figures, sources and relations by type. */
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
    [
      'Topics',
      entity.topics.length ? entity.topics.map((t, i) => [i ? ', ' : '', link(t, s)]).flat() : null,
    ],
    [
      'Website',
      entity.website ? h('a', { href: entity.website, rel: 'noreferrer' }, entity.website) : null,
    ],
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
    h(
      'dl',
      { class: 'fields' },
      fields.map(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]).flat(),
    ),
    entity.figures.length
      ? [
          h('h2', {}, 'Figures'),
          h(
            'ul',
            {},
            entity.figures.map((f) =>
              h(
                'li',
                {},
                `${f.label}: ${f.approximate ? 'about ' : ''}${f.value.toLocaleString('en')}${f.unit ? ` ${f.unit}` : ''}${f.year ? ` (${f.year})` : ''}`,
              ),
            ),
          ),
        ]
      : null,
    h('h2', {}, 'Sources'),
    sourcesList(entity.sources),
    h('h2', { id: 'relations-heading' }, `Relations (${entity.relations.totalCount})`),
    entity.relations.totalCount > entity.relations.nodes.length
      ? h('p', {}, `The first ${entity.relations.nodes.length} are listed.`)
      : null,
    h(
      'div',
      { class: 'relation-groups' },
      [...groups.entries()].map(([type, relations]) =>
        h(
          'section',
          { class: 'relation-group', 'data-type': type },
          h('h3', {}, `${relationLabel(type)} (${relations.length})`),
          h(
            'ul',
            {},
            relations.map((r) => {
              const outgoing = r.from.id === entity.id;
              const other = outgoing ? r.to : r.from;
              return h(
                'li',
                {},
                h(
                  'span',
                  {
                    class: 'direction',
                    title: outgoing
                      ? `${entity.name} ${relationLabel(type)} …`
                      : `… ${relationLabel(type)} ${entity.name}`,
                  },
                  outgoing ? '→ ' : '← ',
                ),
                link(other, s),
                ' ',
                kindBadge(other.kind),
                ...relationDetails(r),
              );
            }),
          ),
        ),
      ),
    ),
  ];
}

/** Draws the entity `id` and its network, unless `isCurrent()` says another view was asked for. */
export async function entityView(id, isCurrent) {
  const s = settings();
  layoutFor(true);
  const variables = {
    id,
    depth: s.depth,
    asOf: s.asOf || null,
    types: s.types.length ? s.types : null,
    kinds: s.kinds.length ? s.kinds : null,
  };
  const [details, hood] = await Promise.all([
    graphql(ENTITY, { id }),
    graphql(NEIGHBORHOOD, variables),
  ]);
  if (!isCurrent()) return;
  const entity = details.entity;
  if (!entity) {
    fill($('#panel'), h('h1', {}, 'Not found'), h('p', {}, `There is no entity ${id}.`));
    layoutFor(false);
    return;
  }
  document.title = `${entity.name} – regiograph explorer`;
  fill($('#panel'), ...entityPanel(entity, s).flat().filter(Boolean));

  let graph = null;
  const expand = async (node) => {
    const more = await graphql(NEIGHBORHOOD, { ...variables, id: node, depth: 1 });
    if (!isCurrent()) return;
    const added = graph.merge(
      elements(more.neighborhood.entities, more.neighborhood.relations, id),
    );
    graph.cy.getElementById(node).data('expanded', true);
    const now = settings();
    if (!now.expanded.includes(node)) {
      history.replaceState(
        null,
        '',
        href({ ...Object.fromEntries(params().entries()), expanded: [...now.expanded, node] }),
      );
    }
    refreshTable();
    networkCounts();
    status(
      `Expanded ${graph.cy.getElementById(node).data('name')}: ${added} more ${added === 1 ? 'entity' : 'entities'}.`,
    );
  };
  const controls = networkControls(s, { centre: id, onExpand: expand });
  const refreshTable = () => $('#table-view')?.replaceWith(textAlternative(expand));
  fill(
    $('#network-panel'),
    h(
      'h2',
      { class: 'network-title' },
      `Network around ${entity.name}`,
      s.asOf ? ` as of ${s.asOf}` : '',
    ),
    controls.toolbar,
    controls.filters,
    h(
      'p',
      { class: 'hint' },
      'Click an entity to open it; double-click, or use Expand in the tables below, to add its neighbours in place.',
    ),
    h('div', { id: 'cy', role: 'img', tabindex: '0' }),
    h('p', { id: 'network-summary', class: 'summary', 'aria-live': 'polite' }),
    hood.neighborhood.truncated
      ? h(
          'p',
          { class: 'note' },
          'The neighbourhood was cut at 100 entities; use the filters or a smaller depth.',
        )
      : null,
    controls.legend,
    h('details', { class: 'table-view', id: 'table-view' }),
  );
  graph = openNetwork($('#cy'), {
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
