// Consent: what each partner shares with their therapist; mirrors
// src/features/consent/routes.cpp.
import type { Scores } from './triangle';
import { request } from './client';

export const SCOPES = ['triangle', 'reflections', 'selfcare', 'journal', 'satisfaction'] as const;
export type Scope = (typeof SCOPES)[number];
// The kinds shown under "Shared with you"; answers before sessions have a section of
// their own (features/outcomes).
export type ResultScope = Exclude<Scope, 'satisfaction'>;

export interface Consent {
  open: boolean; // the couple has a therapist who took them on
  therapist: { display_name: string } | null;
  scopes: { scope: Scope; shared: boolean; since: number | null }[];
}

export interface ConsentLogEntry {
  id: string;
  action: 'granted' | 'withdrawn' | 'read' | 'exported';
  scope: Scope;
  by: 'me' | 'therapist';
  name: string | null; // the therapist's, for their reads
  at: number;
}

export const LOG_PAGE = 100;

export const getConsent = () => request<Consent>('GET', '/api/v1/care/consent');
export const setConsent = (scope: Scope, shared: boolean) => request<Consent>('PUT', `/api/v1/care/consent/${scope}`, { shared });
export const getConsentLog = (before?: string) =>
  request<{ entries: ConsentLogEntry[] }>('GET', `/api/v1/care/consent/log${before ? `?before=${encodeURIComponent(before)}` : ''}`);

// The therapist's side: which kinds each partner shares, and the results of one kind.
export interface SharedResultsOf {
  triangle: {
    form: string | null; min: number; max: number;
    // change: by component since the previous check (null for the first), reliable when beyond noise
    points: { taken_at: number; scores: Scores; change: Record<string, { delta: number; reliable: boolean }> | null }[];
  };
  reflections: { evenings: { start: number; met: boolean; reflected: boolean; happened: boolean; closeness: number | null; note: string }[] };
  selfcare: { days: { day: string; entries: number; minutes: number; mood: number; energy: number }[] };
  journal: { entries: { id: string; title: string; body: string; shared_at: number }[] };
}
export interface SharedResults<S extends ResultScope> {
  scope: S;
  partners: { id: string; display_name: string; shared: boolean; results?: SharedResultsOf[S] }[];
}

export interface CoupleConsent {
  open: boolean; // false once care has ended: nothing is shared then
  partners: { id: string; display_name: string; shares: Scope[] }[];
}

const couple = (id: string) => `/api/v1/therapist/couples/${encodeURIComponent(id)}`;
export const getCoupleConsent = (id: string) => request<CoupleConsent>('GET', `${couple(id)}/consent`);
// Each call is recorded in the sharing partners' logs ("who saw what, when").
export const getShared = <S extends ResultScope>(id: string, scope: S) => request<SharedResults<S>>('GET', `${couple(id)}/shared/${scope}`);
