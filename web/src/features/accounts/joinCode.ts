// An invite code carried across the e-mailed link: signing up from an invite link sends
// a link that may be opened later (in this browser); the code waits here until then.
// Only the one-time invite code is kept, and it is removed as soon as it is used.
const KEY = 'rk.join';

export function saveJoinCode(code: string): void {
  try {
    localStorage.setItem(KEY, code);
  } catch {
    /* storage may be unavailable: the person can type the code */
  }
}

export function takeJoinCode(): string | undefined {
  try {
    const code = localStorage.getItem(KEY) ?? undefined;
    localStorage.removeItem(KEY);
    return code;
  } catch {
    return undefined;
  }
}
