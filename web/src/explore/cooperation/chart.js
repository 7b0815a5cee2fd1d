// The chart of projects and EU contribution per year (the year a project starts), as two
// series on one SVG: projects as bars on the left axis, euros as a line with a point a year
// on the right axis. Years between the first
// and the last without a project are drawn as zero; projects without a start year are
// counted in the caption. A table under it holds the same numbers.
import { h, svg } from '../dom.js';
import { euros, number, plural } from './format.js';

// The drawing's size in SVG units: on a phone, fewer units, so that the text stays readable.
const SIZES = { wide: { width: 640, height: 280 }, compact: { width: 400, height: 260 } };
const MARGIN = { top: 18, right: 64, bottom: 30, left: 48 };

/** About `count` round ticks from 0 to at least `max` (steps of 1, 2 or 5 times a power of ten). */
export function ticks(max, count = 5, integers = false) {
  if (max <= 0) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  if (integers) step = Math.max(1, Math.round(step));
  const top = Math.ceil(max / step) * step;
  const values = [];
  for (let v = 0; v <= top + step / 2; v += step) values.push(Number(v.toPrecision(12)));
  return values;
}

/** One row per year from the first to the last, gaps as zero; and the groups without a year. */
export function yearRows(groups, { from, to }) {
  const byYear = new Map();
  const undated = { projects: 0, participations: 0 };
  for (const group of groups) {
    const value = group.keys[0]?.value;
    const year = value && /^\d{4}$/.test(value) ? Number(value) : null;
    if (year === null) {
      undated.projects += group.projects;
      undated.participations += group.participations;
    } else {
      byYear.set(year, group);
    }
  }
  const years = [...byYear.keys()];
  if (!years.length) return { rows: [], undated };
  const first = from ?? Math.min(...years);
  const last = to ?? Math.max(...years);
  const rows = [];
  for (let year = first; year <= last; year++) {
    const group = byYear.get(year);
    rows.push({
      year,
      projects: group?.projects ?? 0,
      participations: group?.participations ?? 0,
      euros: group?.euContribution.sum ?? 0,
      known: group?.euContribution.known ?? 0,
      missing: group?.euContribution.missing ?? 0,
    });
  }
  return { rows, undated };
}

/** Draws the chart for the groups by year of `aggregate` and the chosen years (`compact`: for a phone). */
export function drawChart({ years, state, compact = false }) {
  const { width: WIDTH, height: HEIGHT } = compact ? SIZES.compact : SIZES.wide;
  const { rows, undated } = yearRows(years.nodes, state);
  if (!rows.length) {
    return h(
      'figure',
      { class: 'coop-figure', id: 'coop-chart' },
      h('p', { class: 'note' }, 'No project with a start year matches these filters.'),
    );
  }
  const inner = {
    width: WIDTH - MARGIN.left - MARGIN.right,
    height: HEIGHT - MARGIN.top - MARGIN.bottom,
  };
  const projectTicks = ticks(Math.max(...rows.map((r) => r.projects)), 5, true);
  const euroTicks = ticks(Math.max(...rows.map((r) => r.euros)), 5);
  // Each year has a band: its bar is centred in it, and so is its point.
  const band = inner.width / rows.length;
  const x = (i) => MARGIN.left + band * (i + 0.5);
  const barWidth = Math.max(2, Math.min(48, band * 0.7));
  const yProjects = (v) => MARGIN.top + inner.height * (1 - v / projectTicks.at(-1));
  const yEuros = (v) => MARGIN.top + inner.height * (1 - v / euroTicks.at(-1));
  const bottom = MARGIN.top + inner.height;
  // Every year is labelled while they fit, otherwise every second, fifth or tenth.
  const fit = compact ? 7 : 12;
  const every = [1, 2, 5, 10].find((n) => rows.length / n <= fit) ?? 20;

  const known = rows.reduce((sum, r) => sum + r.known, 0);
  const missing = rows.reduce((sum, r) => sum + r.missing, 0);
  const describeRow = (r) =>
    `${r.year}: ${plural(r.projects, 'project')}, ${euros(r.euros)} EU contribution${r.missing ? ` (known for ${number(r.known)} of ${plural(r.known + r.missing, 'participation')})` : ''}`;

  const chart = svg(
    'svg',
    {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      class: 'coop-chart',
      role: 'img',
      'aria-labelledby': 'coop-chart-title',
    },
    svg(
      'title',
      { id: 'coop-chart-title' },
      `Projects and EU contribution per start year, ${rows[0].year} to ${rows.at(-1).year}`,
    ),
    svg(
      'g',
      { class: 'grid' },
      projectTicks.map((t) =>
        svg('line', {
          x1: MARGIN.left,
          x2: WIDTH - MARGIN.right,
          y1: yProjects(t),
          y2: yProjects(t),
        }),
      ),
    ),
    svg(
      'g',
      { class: 'axis left' },
      projectTicks.map((t) =>
        svg('text', { x: MARGIN.left - 6, y: yProjects(t) + 4, 'text-anchor': 'end' }, number(t)),
      ),
    ),
    svg(
      'g',
      { class: 'axis right' },
      euroTicks.map((t) =>
        svg(
          'text',
          { x: WIDTH - MARGIN.right + 6, y: yEuros(t) + 4, 'text-anchor': 'start' },
          euros(t),
        ),
      ),
    ),
    svg(
      'g',
      { class: 'axis bottom' },
      rows.map((r, i) =>
        i % every === 0
          ? svg('text', { x: x(i), y: HEIGHT - 8, 'text-anchor': 'middle' }, String(r.year))
          : null,
      ),
    ),
    svg(
      'g',
      { class: 'bars projects' },
      rows.map((r, i) =>
        svg(
          'rect',
          {
            class: 'bar',
            x: (x(i) - barWidth / 2).toFixed(1),
            y: yProjects(r.projects).toFixed(1),
            width: barWidth.toFixed(1),
            height: (bottom - yProjects(r.projects)).toFixed(1),
            'data-year': r.year,
            'data-projects': r.projects,
          },
          svg('title', {}, describeRow(r)),
        ),
      ),
    ),
    svg('path', {
      class: 'series euros',
      d: rows
        .map((r, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${yEuros(r.euros).toFixed(1)}`)
        .join(''),
    }),
    svg(
      'g',
      { class: 'points euros' },
      rows.map((r, i) =>
        svg(
          'circle',
          {
            class: 'point',
            cx: x(i).toFixed(1),
            cy: yEuros(r.euros).toFixed(1),
            r: 4,
            'data-year': r.year,
            'data-euros': r.euros,
          },
          svg('title', {}, describeRow(r)),
        ),
      ),
    ),
  );

  const legend = h(
    'ul',
    { class: 'coop-legend', 'aria-label': 'Legend of the chart' },
    h('li', {}, h('span', { class: 'key bar' }), ' projects started (left axis)'),
    h('li', {}, h('span', { class: 'key euros' }), ' EU contribution (right axis)'),
  );

  const notes = [
    `Years are the years projects start. The EU contribution is the sum of the amounts known: ${number(known)} of ${plural(known + missing, 'participation')} state one.`,
    undated.projects
      ? ` ${plural(undated.projects, 'project')} without a start year ${undated.projects === 1 ? 'is' : 'are'} not drawn.`
      : '',
  ].join('');

  const table = h(
    'details',
    { class: 'table-view', id: 'coop-years-table' },
    h('summary', {}, 'The years as a table'),
    h(
      'table',
      {},
      h('caption', {}, 'Projects and EU contribution per start year'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Year', 'Projects', 'Participations', 'EU contribution', 'Amounts known'].map((c) =>
            h('th', { scope: 'col' }, c),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, String(r.year)),
            h('td', { class: 'num' }, number(r.projects)),
            h('td', { class: 'num' }, number(r.participations)),
            h('td', { class: 'num' }, euros(r.euros)),
            h('td', { class: 'num' }, `${number(r.known)} of ${number(r.known + r.missing)}`),
          ),
        ),
      ),
    ),
  );

  return h(
    'figure',
    { class: 'coop-figure', id: 'coop-chart' },
    legend,
    chart,
    h('figcaption', {}, notes),
    table,
  );
}
