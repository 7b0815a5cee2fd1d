// The cooperation view (/explore?view=cooperation&level=..&programme=..&from=..&to=..) in the
// whole width: this loads cooperation/view.js, which draws the map, the matrix and the years.
import { $ } from '../dom.js';
import { layoutFor } from '../network-panel.js';
import { go } from '../routing.js';

/** Draws the cooperation view for the query string `p`, unless `isCurrent()` says otherwise. */
export async function cooperation(p, isCurrent) {
  document.title = 'Cooperation – regiograph explorer';
  layoutFor(false, { wide: true });
  // The map's outlines and the d3 modules come in a chunk of their own, loaded on first use.
  const { cooperationView } = await import('../cooperation/view.js');
  if (!isCurrent()) return;
  await cooperationView($('#panel'), p, { isCurrent, go });
}
