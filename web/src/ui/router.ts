// A minimal router over the History API: every screen has a real URL, so reminders,
// invite links and calendar entries deep-link to the right place.
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

// The current path; the component also renders again when only the query changes.
export function usePath(): string {
  const [, setHref] = useState(location.href);
  useEffect(() => {
    const update = () => setHref(location.href);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return location.pathname;
}

// Intercepts clicks on same-origin links so that navigation stays in the app (a
// download is left to the browser).
export function onLinkClick(e: MouseEvent): void {
  const a = (e.target as HTMLElement).closest('a');
  if (!a || a.target || a.hasAttribute('download') || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
  const url = new URL(a.href);
  if (url.origin !== location.origin) return;
  e.preventDefault();
  // A link within this page (the skip link): move focus there, not just the scroll.
  if (url.hash && url.pathname === location.pathname && url.search === location.search) {
    const target = document.getElementById(decodeURIComponent(url.hash.slice(1)));
    if (target) {
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus();
    }
    return;
  }
  navigate(url.pathname + url.search);
}

// One part of an address, decoded; as it is when it is not valid percent-encoding (a
// mistyped address must not break the page).
export function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
