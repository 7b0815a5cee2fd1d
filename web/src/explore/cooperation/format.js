// Numbers, money and links as the cooperation view writes them.

const integer = new Intl.NumberFormat('en');

/** `12,345`. */
export function number(value) {
  return integer.format(value);
}

/** `1 project`, `3 projects`; `plural(2, 'country', 'countries')`. */
export function plural(count, word, words = `${word}s`) {
  return `${number(count)} ${count === 1 ? word : words}`;
}

/** Euros, short: `€950`, `€12.3k`, `€4.5M`, `€1.2bn`. */
export function euros(value) {
  const size = Math.abs(value);
  if (size >= 1e9) return `€${(value / 1e9).toFixed(1)}bn`;
  if (size >= 1e6) return `€${(value / 1e6).toFixed(1)}M`;
  if (size >= 1e3) return `€${(value / 1e3).toFixed(1)}k`;
  return `€${Math.round(value)}`;
}

/** The explorer's address of an entity. */
export function entityHref(id) {
  return `/explore?entity=${encodeURIComponent(id)}`;
}
