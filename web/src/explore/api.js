// The explorer's GraphQL client: one POST to /graphql on this origin per request, and the
// queries the views use. Errors come back as exceptions carrying the server's messages.
import { KINDS } from './vocabulary.js';

/** Runs a query with variables and returns its `data`; throws with the server's messages. */
export async function graphql(query, variables = {}) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new Error(`the server answered ${response.status} without JSON`);
  }
  if (body.errors?.length) {
    throw new Error(body.errors.map((e) => e.message).join('; '));
  }
  return body.data;
}

const RELATION = `id type role start end
  from { id name kind } to { id name kind }
  sources { id title publisher date url }`;

export const SUGGEST = `query Suggest($prefix: String!) {
  suggest(prefix: $prefix, first: 8) { id name kind }
}`;

export const SEARCH = `query Search($query: String!, $kinds: [EntityKind!]) {
  search(query: $query, kinds: $kinds, first: 30) {
    totalCount
    facets { kind count }
    hits {
      entity { id name kind description }
      highlights { field text ranges { start end } }
    }
  }
}`;

/**
 * The start page: what the data holds, and the most connected entity of each kind (by
 * number of relations), so that the page offers places to start on any dataset.
 */
export const START = `query Start {
  stats { entities relations sources entitiesByKind { kind count } }
  ${Object.keys(KINDS)
    .map(
      (kind) => `${kind}: ranking(kind: ${kind}, by: DEGREE, first: 1) { entity { id name kind } }`,
    )
    .join('\n  ')}
}`;

export const ENTITY = `query Entity($id: ID!) {
  entity(id: $id) {
    id name kind description aliases website inferredFields
    topics { id name }
    figures { label value unit approximate year }
    sources { id title publisher author date url }
    ... on Region { level }
    ... on Institution { institutionKind }
    ... on Programme { programmeKind start end }
    ... on Project { start end }
    ... on Event { eventKind start end }
    relations(first: 100) { totalCount nodes { ${RELATION} } }
  }
}`;

export const NEIGHBORHOOD = `query Neighborhood($id: ID!, $depth: Int!, $types: [RelationType!],
    $kinds: [EntityKind!], $asOf: PartialDate) {
  neighborhood(id: $id, depth: $depth, limit: 100, relationTypes: $types, kinds: $kinds, asOf: $asOf) {
    truncated
    entities { id name kind }
    relations { id type role start end from { id } to { id } }
  }
}`;

export const PATHS = `query Paths($from: ID!, $to: ID!, $asOf: PartialDate, $types: [RelationType!],
    $kinds: [EntityKind!]) {
  a: entity(id: $from) { id name kind }
  b: entity(id: $to) { id name kind }
  paths(from: $from, to: $to, first: 5, asOf: $asOf, relationTypes: $types, kinds: $kinds) {
    length
    entities { id name kind }
    relations { ${RELATION} }
  }
}`;
