// The start page (/explore): what the data holds, places to start (the most connected entity
// of each kind, asked of the API so that they exist in whatever data is served), and the
// entity kinds with their counts.
import { graphql, START } from '../api.js';
import { $, fill, h } from '../dom.js';
import { layoutFor } from '../network-panel.js';
import { kindBadge, link } from '../parts.js';
import { href } from '../routing.js';
import { KINDS } from '../vocabulary.js';

/** Draws the start page, unless `isCurrent()` says another view was asked for meanwhile. */
export async function homeView(isCurrent) {
  document.title = 'regiograph explorer';
  layoutFor(false);
  const data = await graphql(START);
  if (!isCurrent()) return;
  const stats = data.stats;
  const starts = Object.keys(KINDS).flatMap((kind) =>
    (data[kind] ?? []).map((ranked) => ranked.entity),
  );
  fill(
    $('#panel'),
    h('h1', {}, 'Explore the cooperation network'),
    h(
      'p',
      {},
      `The data holds ${stats.entities} entities and ${stats.relations} relations, each citing one of ${stats.sources} sources. Search for a region, an institution, a person, a programme or a project above, then follow its relations on the network, or find how two entities are linked with the `,
      h('a', { href: '/explore?view=paths' }, 'path finder'),
      '. ',
      'Who works with whom, where and since when is drawn in the ',
      h('a', { href: '/explore?view=cooperation' }, 'cooperation view'),
      ': a map, a matrix and the projects per year.',
    ),
    starts.length
      ? [
          h('h2', {}, 'Start from'),
          h(
            'ul',
            { class: 'starts' },
            starts.map((entity) => h('li', {}, link(entity), ' ', kindBadge(entity.kind))),
          ),
        ]
      : null,
    h('h2', {}, 'What is in the data'),
    h(
      'ul',
      { class: 'facets' },
      stats.entitiesByKind.map((k) =>
        h(
          'li',
          {},
          h(
            'a',
            { href: href({ q: k.kind.toLowerCase(), kind: k.kind }), class: 'facet' },
            kindBadge(k.kind),
            ` ${k.count}`,
          ),
        ),
      ),
    ),
  );
}
