// The interface's words, in the person's language. Every string a person reads comes
// from a catalogue (en.json, es.json: the same keys, checked by tests/contract/i18n):
// "{name}" is replaced by a parameter; a message with forms ({"one": …, "other": …})
// picks one by the language's plural rules for the parameter `count`. Dates, times and
// numbers go through Intl in the same language.
import en from './en.json';
import es from './es.json';

export type Key = keyof typeof en;
type Forms = { zero?: string; one?: string; two?: string; few?: string; many?: string; other: string };
type Catalogue = Record<Key, string | Forms>;

export const LANGUAGES = { en: 'English', es: 'Español' } as const;
export type Language = keyof typeof LANGUAGES;
const catalogues: Record<Language, Catalogue> = { en, es: es as Catalogue };

// The first supported language in the browser's list, or English.
export function browserLanguage(): Language {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = (tag || '').split('-')[0].toLowerCase();
    if (base in LANGUAGES) return base as Language;
  }
  return 'en';
}

let current: Language = browserLanguage();
const listeners = new Set<() => void>();

export const language = (): Language => current;

// Sets the interface language (an unsupported tag falls back to English).
export function setLanguage(tag: string | undefined): void {
  const base = (tag || '').split('-')[0].toLowerCase();
  const next: Language = base in LANGUAGES ? (base as Language) : 'en';
  document.documentElement.lang = next;
  if (next === current) return;
  current = next;
  listeners.forEach((l) => l());
}

export function onLanguageChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type Params = Record<string, string | number>;

// Intl objects are costly to make: one per language and set of options, kept.
const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.PluralRules>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.PluralRules>(kind: string, options: object, make: () => T): T {
  const key = `${current}|${kind}|${JSON.stringify(options)}`;
  let f = formats.get(key) as T | undefined;
  if (!f) formats.set(key, (f = make()));
  return f;
}
const dateFormat = (options: Intl.DateTimeFormatOptions) => cached('date', options, () => new Intl.DateTimeFormat(current, options));

export function t(key: Key, params: Params = {}): string {
  let message = catalogues[current][key] ?? catalogues.en[key];
  if (typeof message !== 'string') {
    const form = cached('plural', {}, () => new Intl.PluralRules(current)).select(Number(params.count ?? 0));
    message = message[form] ?? message.other;
  }
  return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? (typeof params[name] === 'number' ? formatNumber(params[name] as number) : String(params[name])) : whole);
}

// One date format everywhere: "21 November 2026" style in the person's language;
// with `time`, also the time of day.
export function formatDate(value: string | Date, options: { time?: boolean; short?: boolean } = {}): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return dateFormat({ dateStyle: options.short ? 'medium' : 'long', timeStyle: options.time ? 'short' : undefined }).format(d);
}

export function formatTime(value: string | Date): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return dateFormat({ timeStyle: 'short' }).format(d);
}

// A weekday and date, short: "Sat, 21 Nov".
export function formatDay(value: string | Date): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return dateFormat({ weekday: 'short', day: 'numeric', month: 'short' }).format(d);
}

// A calendar day without its year, "28 Sep": for a date that names a day, not an instant.
export function formatMonthDay(date: string): string {
  return dateFormat({ day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

// The name of a weekday, "Monday" or (short) "Mon", in `timeZone` when given.
export function formatWeekday(value: Date, style: 'long' | 'short' = 'long', timeZone?: string): string {
  return dateFormat(timeZone ? { weekday: style, timeZone } : { weekday: style }).format(value);
}

// A time of day as minutes from midnight, "9:30 AM" or "09:30": for weekly hours, which
// belong to no date and no zone but their own.
export function formatMinuteOfDay(minutes: number): string {
  return dateFormat({ hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1, 0, minutes)));
}

// A calendar day "YYYY-MM-DD" in full, "21 November 2026" (a day, not an instant).
export function formatCalendarDay(date: string): string {
  return dateFormat({ dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

// Money in `currency` (ISO 4217): its minor unit's digits (2 for EUR, 0 for JPY), its
// symbol, and an amount given in minor units, "€60.00".
const money = (currency: string) => cached('money', { currency }, () => new Intl.NumberFormat(current, { style: 'currency', currency }));
export const currencyDigits = (currency: string) => money(currency).resolvedOptions().maximumFractionDigits ?? 2;
export const currencySymbol = (currency: string) =>
  money(currency).formatToParts(0).find((p) => p.type === 'currency')?.value ?? currency;
export const formatMoney = (minor: number, currency: string) => money(currency).format(minor / 10 ** currencyDigits(currency));
// The decimal separator of the person's language, "." or ",".
export const decimalSeparator = () => cached('number', {}, () => new Intl.NumberFormat(current)).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';

// The name of a language ("es": "Spanish") or a country ("DE": "Germany") in the
// person's language, or undefined when Intl does not know the code.
const displayNames = new Map<string, Intl.DisplayNames>();
export function nameOf(kind: 'language' | 'region', code: string): string | undefined {
  const key = `${current}|${kind}`;
  let names = displayNames.get(key);
  if (!names) displayNames.set(key, (names = new Intl.DisplayNames(current, { type: kind, fallback: 'none' })));
  try {
    return names.of(code);
  } catch {
    return undefined;
  }
}

export function formatNumber(n: number, digits?: number): string {
  const options = digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits };
  return cached('number', options, () => new Intl.NumberFormat(current, options)).format(n);
}

export function formatList(items: string[]): string {
  return new Intl.ListFormat(current, { style: 'long', type: 'conjunction' }).format(items);
}
