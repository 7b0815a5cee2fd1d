// Small helpers to build the page without a framework: `$` to find an element, HTML
// elements with `h`, SVG elements with `svg`, and `fill` to replace an element's children.

const SVG = 'http://www.w3.org/2000/svg';

/** The first element matching a CSS selector, in the document or under `root`. */
export function $(selector, root = document) {
  return root.querySelector(selector);
}

function keep(child) {
  return child !== null && child !== undefined && child !== false && child !== '';
}

function attributes(element, values) {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'class') element.setAttribute('class', value);
    else element.setAttribute(key, value === true ? '' : value);
  }
  return element;
}

/** Replaces an element's children, skipping empty ones (`null`, `false`, nested arrays flattened). */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat(Infinity).filter(keep));
}

/** Builds an HTML element: `h('a', { href }, 'text', child)`. */
export function h(tag, values = {}, ...children) {
  const element = attributes(document.createElement(tag), values);
  element.append(
    ...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false),
  );
  return element;
}

/** Builds an SVG element: `svg('circle', { cx, cy, r }, svg('title', {}, 'name'))`. */
export function svg(tag, values = {}, ...children) {
  const element = attributes(document.createElementNS(SVG, tag), values);
  element.append(
    ...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false),
  );
  return element;
}
