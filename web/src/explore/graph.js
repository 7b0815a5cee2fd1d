// The network view: Cytoscape.js with the fCoSE layout, nodes coloured and shaped by kind,
// and the exports of what is shown (PNG and SVG pictures, GraphML built from the elements
// on screen, so an expanded view exports exactly as seen).
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import svg from 'cytoscape-svg';
import { KINDS, relationLabel, period } from './vocabulary.js';

cytoscape.use(fcose);
cytoscape.use(svg);

const STYLE = [
  {
    selector: 'node',
    style: {
      'background-color': (n) => KINDS[n.data('kind')]?.color ?? '#555',
      shape: (n) => KINDS[n.data('kind')]?.shape ?? 'ellipse',
      label: 'data(name)',
      color: '#111',
      'font-size': 11,
      'font-family': 'system-ui, sans-serif',
      'text-wrap': 'ellipsis',
      'text-max-width': 140,
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-outline-color': '#fff',
      'text-outline-width': 2,
      width: 22,
      height: 22,
      'border-width': 1,
      'border-color': '#fff',
    },
  },
  {
    selector: 'node[?centre]',
    style: {
      width: 38,
      height: 38,
      'border-width': 4,
      'border-color': '#111',
      'font-size': 13,
      'font-weight': 'bold',
    },
  },
  {
    selector: 'node[?expanded]',
    style: { 'border-width': 3, 'border-color': '#111', 'border-style': 'dashed' },
  },
  {
    selector: 'node:selected',
    style: { 'overlay-color': '#1d4ed8', 'overlay-opacity': 0.25, 'overlay-padding': 6 },
  },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'line-color': '#8a8f98',
      'target-arrow-color': '#8a8f98',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.8,
      'curve-style': 'bezier',
      label: '',
      'font-size': 9,
      color: '#333',
      'text-rotation': 'autorotate',
      'text-background-color': '#fff',
      'text-background-opacity': 0.9,
    },
  },
  {
    selector: 'edge.path',
    style: {
      width: 3,
      'line-color': '#1d4ed8',
      'target-arrow-color': '#1d4ed8',
      label: 'data(short)',
    },
  },
  {
    selector: 'edge:selected, edge.hover',
    style: {
      label: 'data(label)',
      width: 3,
      'line-color': '#1d4ed8',
      'target-arrow-color': '#1d4ed8',
    },
  },
];

/** Cytoscape elements from entities and relations (`from`/`to` as objects with `id`). */
export function elements(entities, relations, centre) {
  const ids = new Set(entities.map((e) => e.id));
  return [
    ...entities.map((e) => ({
      group: 'nodes',
      data: { id: e.id, name: e.name, kind: e.kind, centre: e.id === centre },
    })),
    ...relations
      .filter((r) => ids.has(r.from.id) && ids.has(r.to.id))
      .map((r) => ({
        group: 'edges',
        data: {
          id: r.id,
          source: r.from.id,
          target: r.to.id,
          type: r.type,
          role: r.role ?? '',
          start: r.start ?? '',
          end: r.end ?? '',
          label: [relationLabel(r.type), r.role, period(r.start, r.end)]
            .filter(Boolean)
            .join(' · '),
          short: relationLabel(r.type),
        },
      })),
  ];
}

/** Draws a network in `container`; `onOpen(id)` on click, `onExpand(id)` on double-click. */
export function network(container, { onOpen, onExpand, onSelect }) {
  const cy = cytoscape({
    container,
    style: STYLE,
    wheelSensitivity: 0.3,
    minZoom: 0.2,
    maxZoom: 3,
    boxSelectionEnabled: false,
  });
  let pending = null;
  cy.on('tap', 'node', (event) => {
    const id = event.target.id();
    onSelect?.(id);
    clearTimeout(pending);
    pending = setTimeout(() => onOpen?.(id), 300);
  });
  cy.on('dbltap', 'node', (event) => {
    clearTimeout(pending);
    onExpand?.(event.target.id());
  });
  // For tests and the curious: the network on screen, from the browser's console.
  window.regiographNetwork = cy;
  cy.on('mouseover', 'edge', (event) => event.target.addClass('hover'));
  cy.on('mouseout', 'edge', (event) => event.target.removeClass('hover'));
  return {
    cy,
    /** Replaces everything shown. */
    show(elems) {
      cy.elements().remove();
      cy.add(elems);
      this.layout();
    },
    /** Adds elements that are not shown yet; returns how many nodes were new. */
    merge(elems) {
      const fresh = elems.filter((e) => cy.getElementById(e.data.id).empty());
      const nodes = fresh.filter((e) => e.group === 'nodes');
      cy.add(nodes);
      cy.add(
        fresh.filter(
          (e) =>
            e.group === 'edges' &&
            !cy.getElementById(e.data.source).empty() &&
            !cy.getElementById(e.data.target).empty(),
        ),
      );
      this.layout();
      return nodes.length;
    },
    layout() {
      if (cy.nodes().empty()) return;
      // Shorter edges on a narrow screen, so the network stays legible when fitted.
      const narrow = cy.width() < 600;
      cy.layout({
        name: 'fcose',
        animate: false,
        randomize: true,
        padding: 24,
        nodeRepulsion: narrow ? 4500 : 9000,
        idealEdgeLength: narrow ? 45 : 90,
        nodeSeparation: narrow ? 50 : 90,
      }).run();
      cy.fit(undefined, 24);
    },
    nodes() {
      return cy.nodes().map((n) => n.data());
    },
    edges() {
      return cy.edges().map((e) => e.data());
    },
    destroy() {
      clearTimeout(pending);
      cy.destroy();
    },
  };
}

/** The shown network as a PNG blob. */
export function png(cy) {
  return cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' });
}

/** The shown network as an SVG blob. */
export function svgBlob(cy) {
  return new Blob([cy.svg({ full: true, scale: 1, bg: '#ffffff' })], { type: 'image/svg+xml' });
}

const xml = (text) => String(text).replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The shown network as GraphML, with the same attribute names as `/export/graphml`. */
export function graphml(cy) {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    '  <key id="name" for="node" attr.name="name" attr.type="string"/>',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="type" for="edge" attr.name="type" attr.type="string"/>',
    '  <key id="role" for="edge" attr.name="role" attr.type="string"/>',
    '  <key id="start" for="edge" attr.name="start" attr.type="string"/>',
    '  <key id="end" for="edge" attr.name="end" attr.type="string"/>',
    '  <graph id="regiograph" edgedefault="directed">',
  ];
  cy.nodes().forEach((n) => {
    lines.push(
      `    <node id="${xml(n.id())}"><data key="name">${xml(n.data('name'))}</data><data key="kind">${xml(n.data('kind').toLowerCase())}</data></node>`,
    );
  });
  cy.edges().forEach((e) => {
    const d = e.data();
    const fields = ['type', 'role', 'start', 'end']
      .filter((k) => d[k])
      .map((k) => `<data key="${k}">${xml(k === 'type' ? d[k].toLowerCase() : d[k])}</data>`)
      .join('');
    lines.push(
      `    <edge id="${xml(d.id)}" source="${xml(d.source)}" target="${xml(d.target)}">${fields}</edge>`,
    );
  });
  lines.push('  </graph>', '</graphml>', '');
  return new Blob([lines.join('\n')], { type: 'application/graphml+xml' });
}
