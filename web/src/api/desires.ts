// The desire map: mirrors src/features/desires/routes.cpp.
import { request } from './client';

export type DesireAnswer = 'yes' | 'maybe' | 'no';
export interface DesireCategory {
  id: string;
  title: string;
  sexual: boolean;
  items: { id: string; text: string; sexual: boolean }[];
}
export interface Match {
  id: string;
  text: string;
  category: string;
}

export const desireMap = () => request<{ categories: DesireCategory[] }>('GET', '/api/v1/desires').then((r) => r.categories);
export const myDesires = () =>
  request<{ answers: Record<string, DesireAnswer> }>('GET', '/api/v1/desires/mine').then((r) => r.answers);
export const matches = () => request<{ matches: Match[] }>('GET', '/api/v1/desires/matches').then((r) => r.matches);
export const setDesire = (item: string, answer: DesireAnswer) =>
  request<unknown>('PUT', `/api/v1/desires/${encodeURIComponent(item)}/mine`, { answer });
export const clearDesire = (item: string) => request<void>('DELETE', `/api/v1/desires/${encodeURIComponent(item)}/mine`);
