// Drafts: what a person has typed and not yet saved survives moving between screens, a
// failed save and the server being away. Kept in this page's memory only — never in
// storage — so quick exit, sign-out or closing the tab leaves no copy behind.
import { useState } from 'preact/hooks';

const drafts = new Map<string, string>();

type Update = string | ((current: string) => string);

export function useDraft(key: string, initial = ''): [string, (value: Update) => void] {
  const [value, setValue] = useState(() => drafts.get(key) ?? initial);
  const set = (update: Update) =>
    setValue((current) => {
      const next = typeof update === 'function' ? update(current) : update;
      if (next === '') drafts.delete(key);
      else drafts.set(key, next);
      return next;
    });
  return [value, set];
}

// Forgets one draft (once what it held is saved), even if its field is gone by then.
export function forgetDraft(key: string): void {
  drafts.delete(key);
}

export function forgetDrafts(): void {
  drafts.clear();
}
