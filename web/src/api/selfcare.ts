// Self-care and the journal: mirrors src/features/selfcare/routes.cpp and journal.cpp.
import { request } from './client';

export type Kind = 'exercise' | 'meditation' | 'journaling' | 'friends' | 'rest' | 'own';
export const KINDS: Kind[] = ['exercise', 'meditation', 'journaling', 'friends', 'rest', 'own'];
export const MINUTES = [10, 20, 30, 45, 60];
export const SCALE = { min: 1, max: 10 };
export const LIMITS = { label: 40, note: 500, title: 200, body: 20000, query: 100 };

export interface SelfcareEntry {
  id: string;
  date: string; // the local day, "2026-03-01"
  kind: Kind;
  label: string | null;
  minutes: number;
  mood: number;
  energy: number;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface SelfcareInput {
  kind: Kind;
  label?: string;
  minutes: number;
  mood: number;
  energy: number;
  note?: string;
  date?: string;
}

export interface SelfcarePage {
  today: string;
  entries: SelfcareEntry[];
  next_before: string | null;
}

const query = (params: Record<string, string | number | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

export const listSelfcare = (params: { from?: string; to?: string; before?: string; limit?: number } = {}) =>
  request<SelfcarePage>('GET', `/api/v1/selfcare/entries${query(params)}`);
export const logSelfcare = (input: SelfcareInput) => request<SelfcareEntry>('POST', '/api/v1/selfcare/entries', input);
export const editSelfcare = (id: string, patch: Partial<SelfcareInput>) =>
  request<SelfcareEntry>('PATCH', `/api/v1/selfcare/entries/${encodeURIComponent(id)}`, patch);
export const deleteSelfcare = (id: string) => request<void>('DELETE', `/api/v1/selfcare/entries/${encodeURIComponent(id)}`);

// The day `n` days before `date` ("2026-03-01", 1 -> "2026-02-28").
export function daysBefore(date: string, n = 1): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - n * 86400000).toISOString().slice(0, 10);
}
// How far back an entry may be dated.
export const DAYS_BACK = 365;

// --- the journal ---------------------------------------------------------------------

interface JournalCommon {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
}
// Mine, as I see it.
export interface JournalEntry extends JournalCommon {
  body: string;
  shared: boolean;
  shared_at: string | null;
}
export interface JournalListItem extends JournalCommon {
  excerpt: string;
  shared: boolean;
  shared_at: string | null;
}
// My partner's, shared with me.
export interface SharedEntry extends JournalCommon {
  body: string;
  shared_at: string;
}
export interface SharedListItem extends JournalCommon {
  excerpt: string;
  shared_at: string;
}
export interface Page<T> {
  entries: T[];
  next_before: string | null;
}
export interface SearchResult extends JournalCommon {
  snippet: string;
}
export interface SearchAnswer {
  results: SearchResult[];
  scanned: number;
  limit_reached: boolean;
  next_before: string | null;
}

const entry = (id: string) => `/api/v1/journal/entries/${encodeURIComponent(id)}`;

export const listJournal = (before?: string) => request<Page<JournalListItem>>('GET', `/api/v1/journal/entries${query({ before })}`);
export const getJournal = (id: string) => request<JournalEntry>('GET', entry(id));
export const writeJournal = (fields: { title: string; body: string }) => request<JournalEntry>('POST', '/api/v1/journal/entries', fields);
export const editJournal = (id: string, fields: { title?: string; body?: string }) => request<JournalEntry>('PATCH', entry(id), fields);
export const deleteJournal = (id: string) => request<void>('DELETE', entry(id));
export const setJournalShared = (id: string, on: boolean) => request<JournalEntry>(on ? 'PUT' : 'DELETE', `${entry(id)}/share`);
export const searchJournal = (q: string, before?: string) => request<SearchAnswer>('GET', `/api/v1/journal/search${query({ q, before })}`);
export const sharedWithMe = (before?: string) => request<Page<SharedListItem>>('GET', `/api/v1/journal/shared${query({ before })}`);
export const getShared = (id: string) => request<SharedEntry>('GET', `/api/v1/journal/shared/${encodeURIComponent(id)}`);
