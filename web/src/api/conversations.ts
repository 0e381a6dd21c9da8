// Guided conversations: mirrors src/features/conversations/routes.cpp.
import { request } from './client';

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

export const guides = () => request<{ guides: Guide[] }>('GET', '/api/v1/conversations/guides').then((r) => r.guides);
export const conversations = () =>
  request<{ conversations: Conversation[] }>('GET', '/api/v1/conversations').then((r) => r.conversations);
export const getConversation = (id: string) => request<Conversation>('GET', `/api/v1/conversations/${encodeURIComponent(id)}`);
export const startConversation = (guide: string) => request<Conversation>('POST', '/api/v1/conversations', { guide });
export const moveConversation = (id: string, from: number, to: number) =>
  request<Conversation>('POST', `/api/v1/conversations/${encodeURIComponent(id)}/step`, { from, to });
export const addNote = (id: string, text: string, shared: boolean) =>
  request<Note>('POST', `/api/v1/conversations/${encodeURIComponent(id)}/notes`, { text, shared });
export const finishConversation = (id: string) =>
  request<Conversation>('POST', `/api/v1/conversations/${encodeURIComponent(id)}/finish`);
