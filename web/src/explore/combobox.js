// An accessible autocomplete (ARIA 1.2 combobox with a listbox popup) fed by `suggest`:
// arrows move through the suggestions, Enter picks one, Escape closes the list.
import { graphql, SUGGEST } from './api.js';
import { kindLabel } from './vocabulary.js';

let counter = 0;

/**
 * Turns an `<input>` into a combobox. `onPick(entity)` is called with `{ id, name, kind }`
 * when a suggestion is chosen; `onEnter(text)` when Enter is pressed with none highlighted.
 */
export function combobox(input, { onPick, onEnter } = {}) {
  const list = document.createElement('ul');
  list.id = `suggestions-${++counter}`;
  list.className = 'suggestions';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'Suggestions');
  list.hidden = true;
  input.after(list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);
  input.autocomplete = 'off';

  let items = [];
  let active = -1;
  let timer = null;
  let asked = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (index) => {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) {
      input.setAttribute('aria-activedescendant', list.children[index].id);
      list.children[index].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };
  const pick = (entity) => {
    close();
    input.value = entity.name;
    input.dataset.id = entity.id;
    onPick?.(entity);
  };
  const show = (entities) => {
    items = entities;
    list.replaceChildren(
      ...entities.map((entity, i) => {
        const li = document.createElement('li');
        li.id = `${list.id}-${i}`;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.dataset.id = entity.id;
        const name = document.createElement('span');
        name.textContent = entity.name;
        const kind = document.createElement('span');
        kind.className = `kind kind-${entity.kind}`;
        kind.textContent = kindLabel(entity.kind);
        li.append(name, kind);
        // mousedown, not click: the input keeps focus and the list is not closed first.
        li.addEventListener('mousedown', (event) => {
          event.preventDefault();
          pick(entity);
        });
        return li;
      }),
    );
    list.hidden = entities.length === 0;
    input.setAttribute('aria-expanded', String(entities.length > 0));
    active = -1;
  };
  const ask = async () => {
    const prefix = input.value.trim();
    const ticket = ++asked;
    if (!prefix) return show([]);
    try {
      const data = await graphql(SUGGEST, { prefix });
      if (ticket === asked) show(data.suggest);
    } catch {
      if (ticket === asked) show([]);
    }
  };

  input.addEventListener('input', () => {
    delete input.dataset.id;
    clearTimeout(timer);
    timer = setTimeout(ask, 120);
  });
  input.addEventListener('keydown', (event) => {
    const open = !list.hidden && items.length > 0;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) return ask();
      highlight((active + 1) % items.length);
    } else if (event.key === 'ArrowUp' && open) {
      event.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === 'Enter') {
      if (open && active >= 0) {
        event.preventDefault();
        pick(items[active]);
      } else if (onEnter) {
        event.preventDefault();
        close();
        onEnter(input.value.trim());
      }
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        close();
      }
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  return {
    close,
    set(entity) {
      input.value = entity?.name ?? '';
      if (entity) input.dataset.id = entity.id;
      else delete input.dataset.id;
    },
  };
}
