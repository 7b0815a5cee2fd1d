// The cooperation view: who works with whom, where and since when, drawn rather than listed.
// Its filters (programme, years, scale, map extent) live in the URL (see state.js); the
// parts are drawn by map.js, matrix.js and chart.js from what data.js reads.
//
// The filters and the frame of the view are built once and kept while the filters change,
// so that the control in use keeps its focus; the parts are redrawn when the new numbers
// have arrived. When they are drawn, `#cooperation` carries the URL it shows in
// `data-ready` (the browser test waits for it).
import { $, fill, h } from '../dom.js';
import { REGION_SCALES } from '../vocabulary.js';
import { drawChart } from './chart.js';
import { loadChoices, loadCooperation } from './data.js';
import { drawMap } from './map.js';
import { drawMatrix } from './matrix.js';
import {
  EXTENTS,
  FIRST_YEAR,
  LAST_YEAR,
  LEVEL_LABELS,
  describe,
  readState,
  stateHref,
} from './state.js';
import { euros, number, plural } from './format.js';

/** The filters form; `apply(changes)` moves to the state with those changes. */
function filtersForm(apply) {
  const select = (id, label, options, onchange) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: id }, label),
      h(
        'select',
        { id, onchange },
        options.map(([value, text]) => h('option', { value }, text)),
      ),
    );
  const year = (id, label) =>
    h(
      'div',
      { class: 'field year' },
      h('label', { for: id }, label),
      h('input', {
        id,
        type: 'number',
        inputmode: 'numeric',
        min: FIRST_YEAR,
        max: LAST_YEAR,
        step: 1,
        placeholder: 'any',
        onchange: () => applyYears(),
      }),
    );
  const applyYears = () => {
    const value = (id) =>
      $(`#${id}`).value && $(`#${id}`).checkValidity() ? Number($(`#${id}`).value) : null;
    apply({ from: value('coop-from'), to: value('coop-to') });
  };
  return h(
    'form',
    {
      id: 'coop-filters',
      class: 'coop-filters',
      'aria-label': 'Filters',
      onsubmit: (event) => {
        event.preventDefault();
        applyYears();
      },
    },
    select('coop-programme', 'Programme', [['', 'All programmes']], (e) =>
      apply({ programme: e.target.value || null }),
    ),
    year('coop-from', 'From (start year)'),
    year('coop-to', 'To'),
    select(
      'coop-level',
      'Scale',
      REGION_SCALES.map((l) => [l, LEVEL_LABELS[l]]),
      (e) => apply({ level: e.target.value }),
    ),
    select(
      'coop-extent',
      'Map',
      EXTENTS.map((e) => [e, e === 'world' ? 'The whole world' : 'Zoomed to the data']),
      (e) => apply({ extent: e.target.value }),
    ),
    h('button', { type: 'submit' }, 'Apply years'),
    h('a', { href: '/explore?view=cooperation', class: 'reset' }, 'Reset'),
  );
}

/** Puts the programmes into their select once they are known. */
function fillProgrammes(programmes, chosen) {
  const selectElement = $('#coop-programme');
  if (selectElement.options.length === 1) {
    const sorted = [...programmes].sort((a, b) => a.name.localeCompare(b.name));
    selectElement.append(...sorted.map((p) => h('option', { value: p.id }, p.name)));
  }
  if (chosen && ![...selectElement.options].some((o) => o.value === chosen)) {
    selectElement.append(h('option', { value: chosen }, chosen));
  }
  selectElement.value = chosen ?? '';
}

/** The view's frame: title, filters, summary and a place for each part. */
function frame(apply) {
  return h(
    'div',
    { id: 'cooperation', class: 'cooperation' },
    h('h1', {}, 'Cooperation between regions'),
    h(
      'p',
      { class: 'lead' },
      'Where the organisations of the data work together: a map of the links between countries, the regions that share most projects, and the projects and EU contribution per year. Choose a programme, the years and the scale.',
    ),
    filtersForm(apply),
    h('p', { id: 'coop-summary', class: 'coop-summary', 'aria-live': 'polite' }, 'Loading…'),
    h(
      'div',
      { class: 'coop-grid' },
      h(
        'section',
        { class: 'coop-part coop-part-map', 'aria-labelledby': 'coop-map-heading' },
        h('h2', { id: 'coop-map-heading' }, 'Map'),
        h('div', { id: 'coop-map-slot' }, h('p', { class: 'note' }, 'Loading…')),
      ),
      h(
        'section',
        { class: 'coop-part', 'aria-labelledby': 'coop-matrix-heading' },
        h('h2', { id: 'coop-matrix-heading' }, 'Who works with whom'),
        h('div', { id: 'coop-matrix-slot' }, h('p', { class: 'note' }, 'Loading…')),
      ),
      h(
        'section',
        { class: 'coop-part', 'aria-labelledby': 'coop-chart-heading' },
        h('h2', { id: 'coop-chart-heading' }, 'Per year'),
        h('div', { id: 'coop-chart-slot' }, h('p', { class: 'note' }, 'Loading…')),
      ),
    ),
  );
}

/**
 * Shows the state in the filters (after a reload, a shared link, or back and forward),
 * leaving alone the control being used: leaving "From" for "To" applies the first year, and
 * the last one, being typed, must stay.
 */
function showState(state) {
  const show = (id, value) => {
    const control = $(`#${id}`);
    if (control !== document.activeElement) control.value = value;
  };
  show('coop-from', state.from ?? '');
  show('coop-to', state.to ?? '');
  show('coop-level', state.level);
  show('coop-extent', state.extent);
  if ($('#coop-programme').options.length > 1 || !state.programme)
    show('coop-programme', state.programme ?? '');
}

/** One line of totals over everything the filters keep. */
function summary(data, state) {
  const projects = data.years.nodes.reduce((sum, g) => sum + g.projects, 0);
  const money = data.years.nodes.reduce((sum, g) => sum + g.euContribution.sum, 0);
  const known = data.years.nodes.reduce((sum, g) => sum + g.euContribution.known, 0);
  const missing = data.years.nodes.reduce((sum, g) => sum + g.euContribution.missing, 0);
  return [
    `${plural(projects, 'project')}, ${plural(data.organisations.totalCount, 'organisation')} in ${plural(data.countries.regions.totalCount, 'country', 'countries')}`,
    state.level === 'COUNTRY'
      ? ''
      : ` and ${number(data.scale.regions.totalCount)} ${LEVEL_LABELS[state.level]} regions`,
    `; EU contribution ${euros(money)}`,
    missing
      ? ` (amount known for ${number(known)} of ${plural(known + missing, 'participation')})`
      : '',
    '.',
  ].join('');
}

/**
 * Draws the view for the URL's parameters into `panel`. `isCurrent()` says whether this
 * drawing is still wanted (the URL may have moved on while waiting); `go(url)` navigates.
 */
export async function cooperationView(panel, params, { isCurrent, go }) {
  const state = readState(params);
  const url = stateHref(state);
  // The URL always holds the whole state, so that it can be shared as it is.
  if (`${location.pathname}${location.search}` !== url) history.replaceState(null, '', url);

  // A change that leaves the state as it is (Enter fires both `change` and `submit`) adds
  // no step to the history.
  const apply = (changes) => {
    const next = stateHref({ ...readState(new URLSearchParams(location.search)), ...changes });
    if (next !== `${location.pathname}${location.search}`) go(next);
  };
  let root = $('#cooperation', panel);
  if (!root) {
    root = frame(apply);
    fill(panel, root);
  }
  showState(state);
  root.dataset.ready = '';
  root.setAttribute('aria-busy', 'true');

  let programmes;
  let data;
  try {
    const choices = await loadChoices();
    programmes = choices.programmes;
    data = await loadCooperation(state, choices.scale);
  } catch (error) {
    if (isCurrent()) {
      fill($('#coop-summary'), `Could not load the cooperation: ${error.message}`);
      for (const slot of ['#coop-map-slot', '#coop-matrix-slot', '#coop-chart-slot']) {
        fill($(slot), h('p', { class: 'note' }, 'Not drawn: see the message above.'));
      }
      root.removeAttribute('aria-busy');
    }
    throw error;
  }
  if (!isCurrent()) return;

  fillProgrammes(programmes, state.programme);
  const programmeName = programmes.find((p) => p.id === state.programme)?.name;
  document.title = `Cooperation: ${describe(state, programmeName)} – regiograph explorer`;
  fill($('#coop-summary'), summary(data, state));
  // Drawn for the width at hand: a phone gets squarer drawings with larger text.
  const compact = panel.clientWidth < 640;
  fill(
    $('#coop-map-slot'),
    drawMap({
      countriesData: data.countries,
      organisations: data.organisations,
      level: state.level,
      extent: state.extent,
      compact,
    }),
  );
  fill(
    $('#coop-matrix-slot'),
    drawMatrix({ regions: data.scale.regions, links: data.scale.links, level: state.level }),
  );
  fill($('#coop-chart-slot'), drawChart({ years: data.years, state, compact }));
  root.removeAttribute('aria-busy');
  root.dataset.ready = url;
}
