// The cooperation view's state, kept whole in the URL so that a view can be shared and
// reloaded: /explore?view=cooperation&level=NUTS2&programme=ID&from=2014&to=2024&extent=world
import { REGION_SCALES } from '../vocabulary.js';

/** How a scale is named on screen. */
export const LEVEL_LABELS = {
  COUNTRY: 'Countries',
  NUTS1: 'NUTS 1',
  NUTS2: 'NUTS 2',
  NUTS3: 'NUTS 3',
};

/** The map is zoomed to where the data is (the default), or shows the whole world. */
export const EXTENTS = ['data', 'world'];

// Years outside this range are typing mistakes rather than project start years.
export const FIRST_YEAR = 1950;
export const LAST_YEAR = 2100;

function year(text) {
  if (!/^\d{4}$/.test(text ?? '')) return null;
  const value = Number(text);
  return value >= FIRST_YEAR && value <= LAST_YEAR ? value : null;
}

/**
 * Reads the state from the query string. Unknown or malformed values fall back to the
 * defaults (countries, every programme, every year, the map zoomed to the data); a range given
 * backwards is turned around.
 */
export function readState(params) {
  const level = REGION_SCALES.includes(params.get('level')) ? params.get('level') : 'COUNTRY';
  let from = year(params.get('from'));
  let to = year(params.get('to'));
  if (from !== null && to !== null && from > to) [from, to] = [to, from];
  return {
    level,
    programme: params.get('programme') || null,
    from,
    to,
    extent: EXTENTS.includes(params.get('extent')) ? params.get('extent') : 'data',
  };
}

/** The URL of a state; the scale is always written, the other values when they are set. */
export function stateHref(state) {
  const query = new URLSearchParams({ view: 'cooperation', level: state.level });
  if (state.programme) query.set('programme', state.programme);
  if (state.from !== null && state.from !== undefined) query.set('from', String(state.from));
  if (state.to !== null && state.to !== undefined) query.set('to', String(state.to));
  if (state.extent && state.extent !== 'data') query.set('extent', state.extent);
  return `/explore?${query}`;
}

/** The filters as GraphQL variables (the scale apart: its name in the API may differ). */
export function variables(state) {
  return { programme: state.programme, from: state.from, to: state.to };
}

/** The state in words, for the page title and the captions: `NUTS 2, 2014–2024`. */
export function describe(state, programmeName) {
  const years =
    state.from !== null && state.to !== null
      ? `${state.from}–${state.to}`
      : state.from !== null
        ? `from ${state.from}`
        : state.to !== null
          ? `until ${state.to}`
          : 'all years';
  return [LEVEL_LABELS[state.level], programmeName, years].filter(Boolean).join(', ');
}
