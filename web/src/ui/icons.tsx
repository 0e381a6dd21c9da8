// The client's icons: small SVG line drawings on a 24-unit grid, drawn in the text's
// colour. Decorative by default (hidden from screen readers: the text beside them says
// what they mean).
const PATHS = {
  home: 'M3 11 12 4l9 7M5.5 9.5V20h4.5v-6h4v6h4.5V9.5',
  connect: 'M12 20s-7.5-4.4-7.5-10A4.2 4.2 0 0 1 12 7.3 4.2 4.2 0 0 1 19.5 10c0 5.6-7.5 10-7.5 10z',
  me: 'M12 4 21 19H3z',
  settings: 'M12 15.2a3.2 3.2 0 1 0 0-6.4 3.2 3.2 0 0 0 0 6.4zM12 2.8v2.4M12 18.8v2.4M2.8 12h2.4M18.8 12h2.4M5.5 5.5l1.7 1.7M16.8 16.8l1.7 1.7M5.5 18.5l1.7-1.7M16.8 7.2l1.7-1.7',
  exit: 'M14 4h5v16h-5M10 8l-4 4 4 4M6 12h10',
  check: 'M5 12.5 10 17 19 7',
  close: 'M6 6l12 12M18 6 6 18',
  maybe: 'M8 12h8',
  back: 'M15 5l-7 7 7 7',
  next: 'M9 5l7 7-7 7',
  lock: 'M7 11V8a5 5 0 0 1 10 0v3M5.5 11h13v9h-13z',
  offline: 'M3 3l18 18M8.5 16.5a5 5 0 0 1 7 0M5 13a10 10 0 0 1 4.2-2.4M12 19h.01M15 10.6A10 10 0 0 1 19 13M2 9.5a15 15 0 0 1 5-3M10.5 5.1A15 15 0 0 1 22 9.5',
  share: 'M12 3v12M8 7l4-4 4 4M5 13v7h14v-7',
  copy: 'M9 9h11v11H9zM5 15H4V4h11v1',
  chat: 'M4 5h16v11H9l-5 4z',
  mail: 'M3.5 6h17v12h-17zM4 7l8 6 8-6',
  clock: 'M12 20.5a8.5 8.5 0 1 0 0-17 8.5 8.5 0 0 0 0 17zM12 7.5V12l3 2',
  together: 'M8.5 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM15.5 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM3 19.5c.6-3 2.8-5 5.5-5s4.9 2 5.5 5M13.6 14.8c.6-.2 1.2-.3 1.9-.3 2.7 0 4.9 2 5.5 5',
  calendar: 'M4 6h16v14H4zM4 10h16M8 3.5V7M16 3.5V7',
  care: 'M12 20.5a8.5 8.5 0 1 0 0-17 8.5 8.5 0 0 0 0 17zM12 8.5v7M8.5 12h7',
  practice: 'M9 4.5h6v3H9zM7 6H5v14.5h14V6h-2M8.5 12h7M8.5 15.5h7',
  sparkle: 'M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8zM19 16l.8 2.2L22 19l-2.2.8L19 22l-.8-2.2L16 19l2.2-.8z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 20, label }: { name: IconName; size?: number; label?: string }) {
  return (
    <svg class="icon" viewBox="0 0 24 24" width={size} height={size} fill="none" stroke="currentColor" stroke-width="1.8"
      stroke-linecap="round" stroke-linejoin="round" role={label ? 'img' : undefined} aria-label={label}
      aria-hidden={label ? undefined : 'true'} focusable="false">
      <path d={PATHS[name]} />
    </svg>
  );
}
