// The closed vocabularies of the API as the explorer shows them: entity kinds with their
// colour and shape on the network, relation types in words, and the region scales of the
// cooperation view. These are the explorer's only copies of the schema's enums;
// tests/it/web.rs fails when they and schema.graphql differ.

/** Entity kinds: label, fill colour (white text and dark outlines stay readable) and shape. */
export const KINDS = {
  REGION: { label: 'Region', color: '#1d5fa6', shape: 'hexagon' },
  INSTITUTION: { label: 'Institution', color: '#b4470b', shape: 'round-rectangle' },
  PERSON: { label: 'Person', color: '#6d3fc0', shape: 'ellipse' },
  PROGRAMME: { label: 'Programme', color: '#0f7a4f', shape: 'diamond' },
  PROJECT: { label: 'Project', color: '#b3263a', shape: 'rectangle' },
  TOPIC: { label: 'Topic', color: '#7a6100', shape: 'tag' },
  EVENT: { label: 'Event', color: '#0b6f86', shape: 'triangle' },
};

/** Relation types, in the order the network's filters list them. */
export const RELATION_TYPES = [
  'PART_OF',
  'LOCATED_IN',
  'GOVERNS',
  'HOLDS_POSITION',
  'PARTNER_IN',
  'PAIRED_WITH',
  'UNDER_PROGRAMME',
  'FUNDED_BY',
  'FOCUSES_ON',
  'PARTICIPATED_IN',
  'VISITED',
  'HOSTED',
  'ORGANISED',
  'PRESENTED',
  'AWARDED',
  'RECOGNISED_BY',
  'SUPPORTED_BY',
  'COLLABORATES_WITH',
  'MEMBER_OF',
  'SEEKS_FUNDING_FROM',
  'CONTRIBUTES',
  'CONTINUES',
  'COORDINATES',
  'RUNS',
  'COVERS',
  'ADDRESSES',
  'REPRESENTED_AT',
];

/** The scales at which the cooperation view counts regions, in the order its filter lists them. */
export const REGION_SCALES = ['COUNTRY', 'NUTS1', 'NUTS2', 'NUTS3'];

/** `PARTNER_IN` → `partner in`. */
export function relationLabel(type) {
  return type.toLowerCase().replaceAll('_', ' ');
}

/** An entity kind in words: `INSTITUTION` → `Institution`. */
export function kindLabel(kind) {
  return KINDS[kind]?.label ?? kind;
}

/** `2019` / `2019–2021` / `from 2019` / `until 2021` / '' for a relation's or entity's dates. */
export function period(start, end) {
  if (start && end) return start === end ? start : `${start}–${end}`;
  if (start) return `from ${start}`;
  if (end) return `until ${end}`;
  return '';
}
