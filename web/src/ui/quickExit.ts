// Quick exit: leaves rekindle at once for a neutral site and leaves nothing private
// behind. The page is emptied, the session is ended on the server (a keep-alive request
// that outlives the page), and the history entry is replaced so Back cannot return to
// it. Earlier entries of this tab still point at rekindle; a flag in local storage makes
// the next load of any of them end the session (if the ending request was lost) and
// show only the welcome page. Also on Shift pressed three times quickly — but never
// while typing in a field, where Shift is just Shift.
import { endSessionNow, forgetLoaded } from '../api/client';
import { forgetDrafts } from './drafts';

const NEUTRAL_SITE = 'https://www.bbc.co.uk/weather';
const EXITED = 'rk.exited';

export function quickExit(): void {
  try {
    localStorage.setItem(EXITED, '1');
  } catch {
    /* storage may be unavailable */
  }
  document.title = 'Weather';
  document.body.replaceChildren();
  endSessionNow();
  forgetLocalData();
  location.replace(NEUTRAL_SITE);
}

// Whether the last page of this origin was left by quick exit; clears the flag.
export function takeExitFlag(): boolean {
  try {
    const was = localStorage.getItem(EXITED) === '1';
    localStorage.removeItem(EXITED);
    return was;
  } catch {
    return false;
  }
}

// Clears what this page keeps: session storage and the in-memory copies of what was
// loaded. (Nothing private is stored on disk: the offline cache holds only the app.)
export function forgetLocalData(): void {
  forgetLoaded();
  forgetDrafts();
  try {
    sessionStorage.clear();
  } catch {
    /* storage may be unavailable */
  }
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName !== 'INPUT') return false;
  const type = (el as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'range', 'reset', 'submit', 'color', 'file', 'image'].includes(type);
}

export function installQuickExitShortcut(): () => void {
  let presses: number[] = [];
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Shift' || e.repeat) return;
    if (isTyping(e.target) || isTyping(document.activeElement)) {
      presses = [];
      return;
    }
    const now = performance.now();
    presses = [...presses.filter((t) => now - t < 1000), now];
    if (presses.length >= 3) quickExit();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
