// Quick exit: leaves rekindle at once for a neutral site and replaces this page in the
// history, so Back does not return to it. Also on Shift pressed three times quickly.
const NEUTRAL_SITE = 'https://www.bbc.co.uk/weather';

export function quickExit(): void {
  document.title = 'Weather';
  document.body.replaceChildren();
  try {
    sessionStorage.clear();
  } catch {
    /* storage may be unavailable */
  }
  location.replace(NEUTRAL_SITE);
}

export function installQuickExitShortcut(): () => void {
  let presses: number[] = [];
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Shift' || e.repeat) return;
    const now = performance.now();
    presses = [...presses.filter((t) => now - t < 1000), now];
    if (presses.length >= 3) quickExit();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
