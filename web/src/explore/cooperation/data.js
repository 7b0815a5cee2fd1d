// What the cooperation view asks the API: one request for the first page of everything
// (the cooperation at the chosen scale, between countries for the map, per year, per
// organisation), then further pages where a part needs them, each capped so that a view
// never asks for more than a few hundred kilobytes.
import { graphql } from '../api.js';
import { variables } from './state.js';

const PAGE = 100;

// The most pages read of each list, and what is then left unread is said on screen.
export const LIMITS = {
  linkPages: 10,
  regionPages: 3,
  organisationPages: 5,
  yearPages: 2,
};

// The selections of each list, written out rather than as fragments on the connection
// types, so that they depend on the fields only.
const PLACE = 'id name level iso3166 nuts';
const MONEY = 'sum known missing';
const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';
const LINK_PAGE = `totalCount
  nodes { a { ${PLACE} } b { ${PLACE} } projects participations euContribution { ${MONEY} } }
  ${PAGE_INFO}`;
const REGION_PAGE = `totalCount
  nodes { region { ${PLACE} } projects organisations participations euContribution { ${MONEY} } }
  ${PAGE_INFO}`;
const YEAR_PAGE = `totalCount
  nodes { keys { value } projects participations euContribution { ${MONEY} } }
  ${PAGE_INFO}`;
const ORGANISATION_PAGE = `totalCount
  nodes {
    keys { entity { id name ... on Institution { address { latitude longitude town } } } }
    projects
  }
  ${PAGE_INFO}`;

const FILTERS = '$programme: ID, $from: Int, $to: Int';
const ARGS = 'programme: $programme, from: $from, to: $to';

const FIRST_PAGES = `query Cooperation($level: RegionScale!, ${FILTERS}, $nuts: Boolean!) {
  scale: cooperation(level: $level, ${ARGS}) {
    regions(first: ${PAGE}) { ${REGION_PAGE} }
    links(first: ${PAGE}) { ${LINK_PAGE} }
  }
  countries: cooperation(level: COUNTRY, ${ARGS}) @include(if: $nuts) {
    regions(first: ${PAGE}) { ${REGION_PAGE} }
    links(first: ${PAGE}) { ${LINK_PAGE} }
  }
  years: aggregate(groupBy: [YEAR], ${ARGS}, first: ${PAGE}) { ${YEAR_PAGE} }
  organisations: aggregate(groupBy: [ORGANISATION], ${ARGS}, first: ${PAGE}) { ${ORGANISATION_PAGE} }
}`;

const MORE_LINKS = `query CooperationLinks($level: RegionScale!, ${FILTERS}, $after: String) {
  cooperation(level: $level, ${ARGS}) { links(first: ${PAGE}, after: $after) { ${LINK_PAGE} } }
}`;

const MORE_REGIONS = `query CooperationRegions($level: RegionScale!, ${FILTERS}, $after: String) {
  cooperation(level: $level, ${ARGS}) { regions(first: ${PAGE}, after: $after) { ${REGION_PAGE} } }
}`;

const MORE_YEARS = `query ProjectsPerYear(${FILTERS}, $after: String) {
  aggregate(groupBy: [YEAR], ${ARGS}, first: ${PAGE}, after: $after) { ${YEAR_PAGE} }
}`;

const MORE_ORGANISATIONS = `query Organisations(${FILTERS}, $after: String) {
  aggregate(groupBy: [ORGANISATION], ${ARGS}, first: ${PAGE}, after: $after) { ${ORGANISATION_PAGE} }
}`;

// The programmes for the filter.
const FILTER_CHOICES = `query CooperationFilters {
  programmes(first: 100) { nodes { id name } }
}`;

/**
 * Reads further pages of a connection after `first` until there are no more, `maxPages`
 * pages are read, or `enough(nodes)` says so. Returns the nodes and whether any were left.
 */
async function collect(first, next, { maxPages, enough = () => false }) {
  const nodes = [...first.nodes];
  let page = first;
  let pages = 1;
  while (page.pageInfo.hasNextPage && pages < maxPages && !enough(nodes)) {
    page = await next(page.pageInfo.endCursor);
    nodes.push(...page.nodes);
    pages += 1;
  }
  return { nodes, totalCount: first.totalCount, complete: !page.pageInfo.hasNextPage };
}

/** The key of an unordered pair of regions (a link from a to b is the link from b to a). */
export function pairKey(a, b) {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** How many regions the matrix shows. */
export const MATRIX_SIZE = 12;

let choices = null;

/**
 * The programmes (for the filter), and `scale(level)`, the API's name of a scale (the URL
 * and the API spell them alike: COUNTRY, NUTS1, NUTS2, NUTS3); asked once per page load.
 */
export async function loadChoices() {
  choices ??= graphql(FILTER_CHOICES)
    .then((data) => {
      const scale = (level) => level;
      return { programmes: data.programmes.nodes, scale };
    })
    .catch((error) => {
      choices = null;
      throw error;
    });
  return choices;
}

/**
 * Everything the view draws for a state: `scale` (regions and links at the chosen scale),
 * `countries` (the same between countries, for the map), `years` and `organisations`.
 */
export async function loadCooperation(state, scale) {
  const filters = variables(state);
  const nuts = state.level !== 'COUNTRY';
  const data = await graphql(FIRST_PAGES, { ...filters, level: scale(state.level), nuts });
  const links = (level) => (after) =>
    graphql(MORE_LINKS, { ...filters, level: scale(level), after }).then(
      (d) => d.cooperation.links,
    );
  const regions = (level) => (after) =>
    graphql(MORE_REGIONS, { ...filters, level: scale(level), after }).then(
      (d) => d.cooperation.regions,
    );

  // The matrix needs the links among its regions only: stop reading once every pair is known.
  const top = data.scale.regions.nodes.slice(0, MATRIX_SIZE).map((r) => r.region.id);
  const wanted = new Set(top.flatMap((a, i) => top.slice(i).map((b) => pairKey(a, b))));
  const pairsKnown = (nodes) => {
    const found = new Set(
      nodes.map((l) => pairKey(l.a.id, l.b.id)).filter((key) => wanted.has(key)),
    );
    return found.size === wanted.size;
  };
  const countries = nuts ? data.countries : data.scale;
  const [scaleLinks, countryRegions, countryLinks, years, organisations] = await Promise.all([
    // At country scale the map reads every link, and the matrix uses the same list.
    nuts
      ? collect(data.scale.links, links(state.level), {
          maxPages: LIMITS.linkPages,
          enough: pairsKnown,
        })
      : null,
    collect(countries.regions, regions('COUNTRY'), { maxPages: LIMITS.regionPages }),
    collect(countries.links, links('COUNTRY'), { maxPages: LIMITS.linkPages }),
    collect(
      data.years,
      (after) => graphql(MORE_YEARS, { ...filters, after }).then((d) => d.aggregate),
      { maxPages: LIMITS.yearPages },
    ),
    collect(
      data.organisations,
      (after) => graphql(MORE_ORGANISATIONS, { ...filters, after }).then((d) => d.aggregate),
      { maxPages: LIMITS.organisationPages },
    ),
  ]);
  return {
    scale: {
      regions: { nodes: data.scale.regions.nodes, totalCount: data.scale.regions.totalCount },
      links: scaleLinks ?? countryLinks,
    },
    countries: { regions: countryRegions, links: countryLinks },
    years,
    organisations,
  };
}
