// The map of the cooperation: country outlines from Natural Earth (the npm package
// world-atlas, countries at 1:110m, as TopoJSON converted with topojson-client), drawn with
// d3-geo in the Natural Earth projection as plain SVG.
//
// A country is placed at the centroid (d3-geo's geoCentroid) of its outline's largest
// polygon: France's outline also holds French Guiana and the United States' Alaska, whose
// centroid of the whole would fall in the sea. Our regions are matched to the outlines by
// their ISO 3166-1 alpha-2 code, turned into the numeric code that world-atlas uses by
// i18n-iso-countries. NUTS regions have no outline offline, so they are never placed: at
// NUTS scales the map shows organisations with coordinates and the links between countries.
import {
  geoArea,
  geoCentroid,
  geoGraticule10,
  geoInterpolate,
  geoNaturalEarth1,
  geoPath,
} from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import countries from 'i18n-iso-countries';
import topology from 'world-atlas/countries-110m.json';
import { h, svg } from '../dom.js';
import { entityHref, number, plural } from './format.js';

// The drawing's size in SVG units: wide on a laptop; squarer on a phone, where the data is
// then drawn larger and the names stay readable.
const SIZES = { wide: { width: 960, height: 500 }, compact: { width: 480, height: 440 } };
const MARGIN = 8;

// How many of the busiest countries are named on the map.
const LABELS = 8;

let world = null;

/** The outlines, the borders between them and the outline of each numeric code, built once. */
function outlines() {
  if (world) return world;
  const collection = feature(topology, topology.objects.countries);
  const byNumeric = new Map(
    collection.features.filter((f) => f.id !== undefined).map((f) => [String(f.id), f]),
  );
  world = {
    features: collection.features,
    borders: mesh(topology, topology.objects.countries, (a, b) => a !== b),
    byNumeric,
    anchors: new Map(),
  };
  return world;
}

/** The centroid of a country's largest polygon, in degrees [longitude, latitude]. */
function mainCentroid(country) {
  if (country.geometry.type !== 'MultiPolygon') return geoCentroid(country);
  let largest = null;
  let area = -1;
  for (const coordinates of country.geometry.coordinates) {
    const polygon = { type: 'Polygon', coordinates };
    const size = geoArea(polygon);
    if (size > area) [largest, area] = [polygon, size];
  }
  return geoCentroid(largest);
}

// NUTS writes Greece as EL and the United Kingdom as UK; ISO 3166-1 as GR and GB.
const NUTS_TO_ISO = { EL: 'GR', UK: 'GB' };

/** The outline of a region's country, by its ISO 3166 code (`ES`, `ES-CB`), or null. */
export function countryOutline(iso3166) {
  if (!iso3166) return null;
  const alpha2 = iso3166.split('-')[0].toUpperCase();
  const numeric = countries.alpha2ToNumeric(NUTS_TO_ISO[alpha2] ?? alpha2);
  return numeric ? (outlines().byNumeric.get(numeric) ?? null) : null;
}

/** Where a country is drawn: the centroid of its outline, or null without an outline. */
export function anchor(region) {
  const outline = countryOutline(region.iso3166);
  if (!outline) return null;
  const { anchors } = outlines();
  if (!anchors.has(outline.id)) anchors.set(outline.id, mainCentroid(outline));
  return anchors.get(outline.id);
}

/** The organisations that come with coordinates, as [longitude, latitude] and entity. */
function located(organisations) {
  return organisations.flatMap((group) => {
    const entity = group.keys.find((key) => key.entity)?.entity;
    const address = entity?.address;
    if (!address || address.latitude == null || address.longitude == null) return [];
    if (Math.abs(address.latitude) > 90 || Math.abs(address.longitude) > 180) return [];
    return [{ entity, projects: group.projects, at: [address.longitude, address.latitude] }];
  });
}

/** The projection: the whole world, or fitted around what is drawn with some margin. */
function projectionFor(points, extent, size) {
  const projection = geoNaturalEarth1();
  const box = [
    [MARGIN, MARGIN],
    [size.width - MARGIN, size.height - MARGIN],
  ];
  if (extent !== 'data' || points.length === 0)
    return projection.fitExtent(box, { type: 'Sphere' });
  // A few degrees around each point, so that a single country is not drawn across the page.
  const around = points.flatMap(([x, y]) => [
    [x - 8, Math.max(-89, y - 5)],
    [x + 8, Math.min(89, y + 5)],
  ]);
  return projection.fitExtent(box, { type: 'MultiPoint', coordinates: around });
}

// Colours: countries with projects are shaded from light to darker blue by their count.
function shade(share) {
  const light = [221, 231, 245];
  const dark = [120, 156, 210];
  const mix = light.map((c, i) => Math.round(c + (dark[i] - c) * Math.sqrt(share)));
  return `rgb(${mix.join(',')})`;
}

/**
 * Names the busiest countries above their circles, busiest first, leaving out a name that
 * would cover one already written (the names are in the circles' titles and the table).
 */
function labels(placed, projection, radius, size) {
  const taken = [];
  const texts = [];
  for (const p of placed) {
    if (texts.length === LABELS) break;
    const [x, y] = projection(p.at);
    const bottom = y - radius(p.projects) - 3;
    // 12px bold text: about 7.5 units a character, 13 units high.
    const box = {
      left: x - p.region.name.length * 3.75,
      right: x + p.region.name.length * 3.75,
      top: bottom - 13,
      bottom,
    };
    const inside = box.left >= 0 && box.right <= size.width && box.top >= 0;
    if (
      !inside ||
      taken.some(
        (t) => t.left < box.right && box.left < t.right && t.top < box.bottom && box.top < t.bottom,
      )
    )
      continue;
    taken.push(box);
    texts.push(
      svg(
        'text',
        { x: x.toFixed(1), y: bottom.toFixed(1), 'text-anchor': 'middle' },
        p.region.name,
      ),
    );
  }
  return texts;
}

/**
 * Draws the map. `countriesData` holds the regions and links between countries,
 * `organisations` the groups by organisation; at NUTS scales no region is placed. `compact`
 * draws for a narrow screen.
 * Returns a `<figure>` with the SVG, its legend, its caption and a table of the links.
 */
export function drawMap({ countriesData, organisations, level, extent, compact = false }) {
  const { features, borders } = outlines();
  const size = compact ? SIZES.compact : SIZES.wide;
  const regions = countriesData.regions.nodes;
  const links = countriesData.links.nodes.filter((l) => l.a.id !== l.b.id);
  const nuts = level !== 'COUNTRY';

  const placed = new Map();
  const unplaced = [];
  for (const r of regions) {
    const at = anchor(r.region);
    if (at) placed.set(r.region.id, { ...r, at, outline: countryOutline(r.region.iso3166) });
    else unplaced.push(r);
  }
  const drawnLinks = links.filter((l) => placed.has(l.a.id) && placed.has(l.b.id));
  const points = located(organisations.nodes);

  // Zoomed to the data, the map holds the arcs whole: their ends and their middles, since a
  // great circle bends towards the pole.
  const focus = [
    ...drawnLinks.flatMap((l) => {
      const [a, b] = [placed.get(l.a.id).at, placed.get(l.b.id).at];
      return [a, b, geoInterpolate(a, b)(0.5)];
    }),
    ...(nuts ? [] : [...placed.values()].map((p) => p.at)),
    ...points.map((p) => p.at),
  ];
  const projection = projectionFor(focus, extent, size);
  const path = geoPath(projection);

  const maxRegion = Math.max(1, ...regions.map((r) => r.projects));
  const maxLink = Math.max(1, ...drawnLinks.map((l) => l.projects));
  // An arc's width grows with the number of shared projects: 1.5 units for one, 14 for the most.
  const width = (projects) => 1.5 + 12.5 * ((projects - 1) / Math.max(1, maxLink - 1));
  const radius = (projects) => 3 + 15 * Math.sqrt(projects / maxRegion);
  const shares = new Map([...placed.values()].map((p) => [p.outline.id, p.projects / maxRegion]));

  const map = svg(
    'svg',
    {
      viewBox: `0 0 ${size.width} ${size.height}`,
      class: 'coop-map',
      role: 'img',
      'aria-labelledby': 'coop-map-title',
    },
    svg(
      'title',
      { id: 'coop-map-title' },
      nuts
        ? `Map: ${points.length} organisations with coordinates and ${drawnLinks.length} links between countries`
        : `Map: ${placed.size} countries and ${drawnLinks.length} links between them`,
    ),
    svg('path', { class: 'sphere', d: path({ type: 'Sphere' }) }),
    svg('path', { class: 'graticule', d: path(geoGraticule10()) }),
    svg(
      'g',
      { class: 'countries' },
      features.map((country) =>
        svg(
          'path',
          {
            class: shares.has(country.id) ? 'country active' : 'country',
            d: path(country),
            // A style, not a `fill` attribute, which the style sheet's colour would win over.
            style: shares.has(country.id) ? `fill:${shade(shares.get(country.id))}` : null,
            'data-id': country.id,
          },
          svg('title', {}, country.properties.name),
        ),
      ),
    ),
    svg('path', { class: 'borders', d: path(borders) }),
    // Many arcs are drawn fainter, so that where they cross stays readable.
    svg(
      'g',
      {
        class: 'arcs',
        style: `stroke-opacity:${drawnLinks.length > 60 ? 0.3 : drawnLinks.length > 20 ? 0.45 : 0.6}`,
      },
      [...drawnLinks]
        .sort((a, b) => b.projects - a.projects)
        .map((l) => {
          const line = {
            type: 'LineString',
            coordinates: [placed.get(l.a.id).at, placed.get(l.b.id).at],
          };
          return svg(
            'path',
            {
              class: 'arc',
              d: path(line),
              'stroke-width': width(l.projects).toFixed(2),
              'data-projects': l.projects,
            },
            svg('title', {}, `${l.a.name} – ${l.b.name}: ${plural(l.projects, 'shared project')}`),
          );
        }),
    ),
    nuts
      ? null
      : svg(
          'g',
          { class: 'regions' },
          [...placed.values()].map((p) => {
            const [x, y] = projection(p.at);
            return svg(
              'a',
              { href: entityHref(p.region.id) },
              svg('circle', {
                class: 'region',
                cx: x.toFixed(1),
                cy: y.toFixed(1),
                r: radius(p.projects).toFixed(1),
              }),
              svg(
                'title',
                {},
                `${p.region.name}: ${plural(p.projects, 'project')}, ${plural(p.organisations, 'organisation')}`,
              ),
            );
          }),
        ),
    svg(
      'g',
      { class: 'organisations' },
      points.map((p) => {
        const [x, y] = projection(p.at);
        return svg(
          'a',
          { href: entityHref(p.entity.id) },
          svg('circle', { class: 'organisation', cx: x.toFixed(1), cy: y.toFixed(1), r: 3.5 }),
          svg(
            'title',
            {},
            `${p.entity.name}${p.entity.address.town ? `, ${p.entity.address.town}` : ''}: ${plural(p.projects, 'project')}`,
          ),
        );
      }),
    ),
    nuts
      ? null
      : svg(
          'g',
          { class: 'labels', 'aria-hidden': 'true' },
          labels([...placed.values()], projection, radius, size),
        ),
  );

  const organisationsTotal = organisations.totalCount;
  const caption = [
    nuts
      ? `NUTS regions have no outline in the map's offline data, so none is placed: at this scale the map shows the organisations with coordinates and the links between their countries; the matrix below is at ${level.replace('NUTS', 'NUTS ')}.`
      : 'Each circle is a country at the centroid of its outline (Natural Earth, 1:110m), its area growing with its projects; each arc joins two countries that share projects, its width the number of projects they share.',
    ` Dots are organisations placed by their coordinates: ${number(points.length)} of ${number(organisationsTotal)}`,
    organisations.complete ? '' : ` (the first ${number(organisations.nodes.length)} read)`,
    '.',
    countriesData.links.complete
      ? ''
      : ` The ${number(countriesData.links.nodes.length)} strongest of ${number(countriesData.links.totalCount)} links are drawn.`,
    unplaced.length
      ? ` Not on the map, for want of an outline with their ISO 3166 code at 1:110m: ${unplaced.map((r) => `${r.region.name} (${plural(r.projects, 'project')})`).join(', ')}.`
      : '',
  ].join('');

  const legend = h(
    'ul',
    { class: 'coop-legend', 'aria-label': 'Legend of the map' },
    h('li', {}, legendSwatch('shade'), ' countries with projects, darker with more'),
    nuts ? null : h('li', {}, legendSwatch('circle'), ' a country (area: projects)'),
    h(
      'li',
      {},
      legendSwatch('arc', width(1)),
      drawnLinks.length && maxLink > 1
        ? [' 1 shared project ', legendSwatch('arc', width(maxLink)), ` ${number(maxLink)}`]
        : ' shared projects',
    ),
    h('li', {}, legendSwatch('dot'), ' an organisation'),
  );

  const table = h(
    'details',
    { class: 'table-view', id: 'coop-links-table' },
    h('summary', {}, `The links between countries as a table (${number(links.length)})`),
    h(
      'table',
      {},
      h('caption', {}, 'Countries that share projects, most first'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Country', 'Country', 'Shared projects', 'Participations'].map((c) =>
            h('th', { scope: 'col' }, c),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        links.map((l) =>
          h(
            'tr',
            {},
            h('td', {}, h('a', { href: entityHref(l.a.id) }, l.a.name)),
            h('td', {}, h('a', { href: entityHref(l.b.id) }, l.b.name)),
            h('td', { class: 'num' }, number(l.projects)),
            h('td', { class: 'num' }, number(l.participations)),
          ),
        ),
      ),
    ),
  );

  return h(
    'figure',
    { class: 'coop-figure', id: 'coop-map' },
    h('div', { class: 'coop-map-frame' }, map),
    legend,
    h('figcaption', { id: 'coop-map-caption' }, caption),
    table,
  );
}

function legendSwatch(kind, strokeWidth = 2) {
  const shapes = {
    shade: svg('rect', { x: 1, y: 3, width: 16, height: 12, rx: 2, style: `fill:${shade(0.5)}` }),
    circle: svg('circle', { class: 'region', cx: 9, cy: 9, r: 6 }),
    dot: svg('circle', { class: 'organisation', cx: 9, cy: 9, r: 3 }),
    arc: svg('line', {
      class: 'arc',
      x1: 1,
      y1: 9,
      x2: 23,
      y2: 9,
      'stroke-width': Math.min(14, strokeWidth),
    }),
  };
  return svg(
    'svg',
    {
      class: 'swatch-svg',
      width: kind === 'arc' ? 24 : 18,
      height: 18,
      viewBox: `0 0 ${kind === 'arc' ? 24 : 18} 18`,
      'aria-hidden': 'true',
    },
    shapes[kind],
  );
}
