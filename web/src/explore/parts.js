// Small pieces that several views show: a link to an entity, its kind as a badge, and a list
// of sources.
import { h } from './dom.js';
import { entityHref } from './routing.js';
import { kindLabel } from './vocabulary.js';

/** A link to an entity's view, keeping the network settings `s`. */
export function link(entity, s) {
  return h('a', { href: entityHref(entity.id, s), class: 'entity-link' }, entity.name);
}

/** An entity kind as a coloured badge. */
export function kindBadge(kind) {
  return h('span', { class: `kind kind-${kind}` }, kindLabel(kind));
}

/** Sources as a list: the title (a link when there is a URL), the publisher and the date. */
export function sourcesList(sources) {
  return h(
    'ul',
    { class: 'sources' },
    sources.map((s) =>
      h(
        'li',
        {},
        s.url ? h('a', { href: s.url, rel: 'noreferrer' }, s.title) : s.title,
        [s.publisher, s.date].filter(Boolean).length
          ? ` (${[s.publisher, s.date].filter(Boolean).join(', ')})`
          : '',
      ),
    ),
  );
}
