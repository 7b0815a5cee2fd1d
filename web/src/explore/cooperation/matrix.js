// The matrix: the regions with most projects at the chosen scale, each against each, a cell
// holding the projects the two share and its colour growing with that count. The diagonal
// holds the projects within one region (organisations of the same region working together).
// It is an HTML table, so it reads row by row and scrolls sideways on a narrow screen.
import { h } from '../dom.js';
import { MATRIX_SIZE, pairKey } from './data.js';
import { LEVEL_LABELS } from './state.js';
import { entityHref, number, plural } from './format.js';

/** A cell's background: from almost white to the accent blue as the share grows. */
function background(share) {
  return `rgba(29, 78, 216, ${(0.07 + 0.88 * share).toFixed(3)})`;
}

/**
 * Draws the matrix of `regions` (ordered by projects, most first) with the counts of
 * `links` (`complete` false when only the strongest links were read).
 */
export function drawMatrix({ regions, links, level }) {
  const top = regions.nodes.slice(0, MATRIX_SIZE);
  const shared = new Map(links.nodes.map((l) => [pairKey(l.a.id, l.b.id), l.projects]));
  // Links come most first: a pair missing from a cut list shares at most the last count read.
  const floor = links.complete ? 0 : (links.nodes.at(-1)?.projects ?? 0);
  const values = top.flatMap((a) =>
    top.map((b) => shared.get(pairKey(a.region.id, b.region.id)) ?? 0),
  );
  const max = Math.max(1, ...values);
  const label = LEVEL_LABELS[level];

  if (!top.length) {
    return h(
      'figure',
      { class: 'coop-figure', id: 'coop-matrix' },
      h('p', { class: 'note' }, 'No region has projects with these filters.'),
    );
  }

  const cell = (a, b) => {
    const value = shared.get(pairKey(a.region.id, b.region.id));
    const same = a.region.id === b.region.id;
    if (value === undefined && !links.complete) {
      return h(
        'td',
        {
          class: 'cell unknown',
          title: `${a.region.name} – ${b.region.name}: at most ${plural(floor, 'shared project')}, not among the strongest links read`,
        },
        '·',
      );
    }
    const count = value ?? 0;
    const share = count / max;
    const title = same
      ? `${a.region.name}: ${plural(count, 'project')} within the region`
      : `${a.region.name} – ${b.region.name}: ${plural(count, 'shared project')}`;
    return h(
      'td',
      {
        class: `cell${same ? ' diagonal' : ''}${share > 0.55 ? ' dark' : ''}`,
        style: count ? `background:${background(share)}` : null,
        title,
        'data-value': count,
      },
      count ? number(count) : '',
    );
  };

  return h(
    'figure',
    { class: 'coop-figure', id: 'coop-matrix' },
    h(
      'div',
      {
        class: 'matrix-scroll',
        tabindex: '0',
        role: 'region',
        'aria-label': 'Matrix of cooperation, scrolls sideways',
      },
      h(
        'table',
        { class: 'matrix' },
        h(
          'caption',
          {},
          `Projects shared among the ${level === 'COUNTRY' ? plural(top.length, 'country', 'countries') : `${plural(top.length, `${label} region`)}`} with most projects`,
        ),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h(
              'th',
              { scope: 'col', class: 'corner' },
              h('span', { class: 'visually-hidden' }, 'Region'),
            ),
            top.map((r, i) =>
              h(
                'th',
                { scope: 'col', title: r.region.name },
                h('span', { 'aria-hidden': 'true' }, String(i + 1)),
                h('span', { class: 'visually-hidden' }, r.region.name),
              ),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          top.map((a, i) =>
            h(
              'tr',
              {},
              h(
                'th',
                { scope: 'row', title: `${a.region.name}: ${plural(a.projects, 'project')}` },
                h('span', { class: 'rank', 'aria-hidden': 'true' }, `${i + 1} `),
                h('a', { href: entityHref(a.region.id) }, a.region.name),
                a.region.nuts?.length && level !== 'COUNTRY'
                  ? h('span', { class: 'code' }, ` ${[].concat(a.region.nuts).join(', ')}`)
                  : null,
                h('span', { class: 'total' }, ` ${number(a.projects)}`),
              ),
              top.map((b) => cell(a, b)),
            ),
          ),
        ),
      ),
    ),
    h(
      'figcaption',
      {},
      `A cell is the number of projects two regions share; the diagonal, the projects that bring together organisations of the same region. The number after a name is the region's own count of projects. ${regions.totalCount > top.length ? `${plural(regions.totalCount, 'region')} have projects at this scale; the ${top.length} with most are shown.` : ''}`,
      links.complete
        ? ''
        : ` A dot marks a pair beyond the ${number(links.nodes.length)} strongest links read.`,
    ),
  );
}
