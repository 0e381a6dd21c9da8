// Connect: mirrors src/features/connect/routes.cpp.
import { request } from './client';

export interface DailyDay {
  date: string;
  question: { id: string; text: string; theme: string; depth: number };
  mine: string | null;
  partner_answered: boolean;
  partner: string | null;
  revealed: boolean;
}

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

export interface GuideStep {
  speaker: 'starter' | 'partner' | 'both';
  minutes: number;
  prompt: string;
  listener: string;
}
export interface Guide {
  id: string;
  title: string;
  description: string;
  steps: GuideStep[];
}
export interface Note {
  id: string;
  author: 'me' | 'partner';
  text: string;
  shared?: boolean;
  created_at: string;
}
export interface Conversation {
  id: string;
  guide: string;
  title: string;
  status: 'active' | 'finished';
  step: number;
  steps_total: number;
  started_by: 'me' | 'partner';
  started_at: string;
  finished_at: string | null;
  current?: { speaker: GuideStep['speaker']; turn: 'me' | 'partner' | 'both'; minutes: number; prompt: string; listener: string };
  shared_notes: Note[];
  my_notes: Note[];
}

export const getDaily = () => request<DailyDay>('GET', '/api/v1/connect/daily');
export const answerDaily = (date: string, text: string) =>
  request<DailyDay>('PUT', `/api/v1/connect/daily/${date}/answer`, { text });
export const dailyHistory = () => request<{ days: DailyDay[] }>('GET', '/api/v1/connect/daily/history').then((r) => r.days);

export const desireMap = () => request<{ categories: DesireCategory[] }>('GET', '/api/v1/connect/desires').then((r) => r.categories);
export const myDesires = () =>
  request<{ answers: Record<string, DesireAnswer> }>('GET', '/api/v1/connect/desires/mine').then((r) => r.answers);
export const matches = () => request<{ matches: Match[] }>('GET', '/api/v1/connect/desires/matches').then((r) => r.matches);
export const setDesire = (item: string, answer: DesireAnswer) =>
  request<unknown>('PUT', `/api/v1/connect/desires/${encodeURIComponent(item)}/mine`, { answer });
export const clearDesire = (item: string) => request<void>('DELETE', `/api/v1/connect/desires/${encodeURIComponent(item)}/mine`);

export const guides = () => request<{ guides: Guide[] }>('GET', '/api/v1/connect/conversations/guides').then((r) => r.guides);
export const conversations = () =>
  request<{ conversations: Conversation[] }>('GET', '/api/v1/connect/conversations').then((r) => r.conversations);
export const getConversation = (id: string) => request<Conversation>('GET', `/api/v1/connect/conversations/${encodeURIComponent(id)}`);
export const startConversation = (guide: string) => request<Conversation>('POST', '/api/v1/connect/conversations', { guide });
export const moveConversation = (id: string, from: number, to: number) =>
  request<Conversation>('POST', `/api/v1/connect/conversations/${encodeURIComponent(id)}/step`, { from, to });
export const addNote = (id: string, text: string, shared: boolean) =>
  request<Note>('POST', `/api/v1/connect/conversations/${encodeURIComponent(id)}/notes`, { text, shared });
export const finishConversation = (id: string) =>
  request<Conversation>('POST', `/api/v1/connect/conversations/${encodeURIComponent(id)}/finish`);
