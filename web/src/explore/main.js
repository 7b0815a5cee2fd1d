// The network explorer on /explore: the header's search, and the view of the current URL
// (see routing.js for the URLs). Each view draws itself (views/, cooperation/view.js);
// a view whose URL was left while it waited for the API draws nothing.
import './explore.css';
import { combobox } from './combobox.js';
import { $ } from './dom.js';
import { entityHref, go, href, navigationOf, params, startRouting, viewOf } from './routing.js';
import { status } from './status.js';
import { cooperation } from './views/cooperation.js';
import { entityView } from './views/entity.js';
import { homeView } from './views/home.js';
import { pathView } from './views/paths.js';
import { searchView } from './views/search.js';

// ---- the header search ----------------------------------------------------------------

const searchInput = $('#search-input');
combobox(searchInput, {
  onPick: (entity) => go(entityHref(entity.id)),
  onEnter: (text) => text && go(href({ q: text })),
});
$('#search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = searchInput.value.trim();
  if (text) go(href({ q: text }));
});

// ---- views ----------------------------------------------------------------------------

/** Counts the views drawn, so that a view can tell whether it is still the current one. */
let renderTicket = 0;

/** Draws the view of the current URL and marks its entry in the navigation. */
async function render() {
  const ticket = ++renderTicket;
  const isCurrent = () => ticket === renderTicket;
  const p = params();
  status('');
  try {
    switch (viewOf(p)) {
      case 'entity':
        await entityView(p.get('entity'), isCurrent);
        break;
      case 'cooperation':
        await cooperation(p, isCurrent);
        break;
      case 'paths':
        await pathView(p, isCurrent);
        break;
      case 'search':
        await searchView(p.get('q'), p.get('kind'), isCurrent);
        break;
      default:
        await homeView(isCurrent);
    }
  } catch (error) {
    if (isCurrent()) status(`Could not load this view: ${error.message}`, true);
  }
  const view = navigationOf(p);
  document.querySelectorAll('#views a').forEach((a) => {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
}

startRouting(render);
render();
