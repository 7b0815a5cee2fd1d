// The search results (/explore?q=TEXT&kind=KIND): the hits with their highlighted context and
// a facet per entity kind with its count.
import { graphql, SEARCH } from '../api.js';
import { $, fill, h } from '../dom.js';
import { layoutFor } from '../network-panel.js';
import { kindBadge, link } from '../parts.js';
import { href } from '../routing.js';
import { kindLabel } from '../vocabulary.js';

/** A highlight's text with its matched ranges (in characters) marked. */
function highlighted(highlight) {
  const chars = Array.from(highlight.text);
  const parts = [];
  let at = 0;
  for (const range of highlight.ranges) {
    if (range.start > at) parts.push(chars.slice(at, range.start).join(''));
    parts.push(h('mark', {}, chars.slice(range.start, range.end).join('')));
    at = range.end;
  }
  if (at < chars.length) parts.push(chars.slice(at).join(''));
  return parts;
}

/** Draws the results for `text` (of one `kind`, when given), unless `isCurrent()` says otherwise. */
export async function searchView(text, kind, isCurrent) {
  document.title = `${text} – regiograph explorer`;
  layoutFor(false);
  $('#search-input').value = text;
  const data = await graphql(SEARCH, { query: text, kinds: kind ? [kind] : null });
  if (!isCurrent()) return;
  const result = data.search;
  fill(
    $('#panel'),
    h('h1', {}, `Search: ${text}`),
    h(
      'p',
      { id: 'result-count' },
      `${result.totalCount} ${result.totalCount === 1 ? 'entity matches' : 'entities match'}${kind ? ` among ${kindLabel(kind).toLowerCase()}s` : ''}.`,
    ),
    h(
      'nav',
      { 'aria-label': 'Filter by kind', class: 'facet-bar' },
      h(
        'ul',
        { class: 'facets' },
        h(
          'li',
          {},
          h(
            'a',
            { href: href({ q: text }), class: 'facet', 'aria-current': kind ? null : 'true' },
            'All kinds',
          ),
        ),
        result.facets.map((f) =>
          h(
            'li',
            {},
            h(
              'a',
              {
                href: href({ q: text, kind: f.kind }),
                class: 'facet',
                'data-kind': f.kind,
                'aria-current': kind === f.kind ? 'true' : null,
              },
              kindBadge(f.kind),
              ` ${f.count}`,
            ),
          ),
        ),
      ),
    ),
    h(
      'ol',
      { class: 'hits' },
      result.hits.map((hit) => {
        const context = hit.highlights.find((x) => x.field !== 'NAME');
        return h(
          'li',
          {},
          h('div', { class: 'hit-title' }, link(hit.entity), ' ', kindBadge(hit.entity.kind)),
          context
            ? h(
                'p',
                { class: 'hit-context' },
                `${context.field.toLowerCase()}: `,
                highlighted(context),
              )
            : null,
        );
      }),
    ),
  );
}
