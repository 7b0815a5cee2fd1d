// The status box under the header: news and errors, read out by screen readers.
import { $ } from './dom.js';

let statusTimer = null;

/** Says something in the status box; news fades after 8 s, errors stay until the next news. */
export function status(text, error = false) {
  const box = $('#status');
  box.textContent = text;
  box.classList.toggle('error', error);
  clearTimeout(statusTimer);
  if (text && !error) {
    statusTimer = setTimeout(() => {
      box.textContent = '';
    }, 8000);
  }
}
