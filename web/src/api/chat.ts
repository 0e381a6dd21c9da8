// The couple chat: mirrors src/features/chat/routes.cpp.
import { request } from './client';

export interface ChatMessage {
  id: string;
  author: 'me' | 'partner';
  text: string;
  created_at: string;
}

export const listMessages = (before?: string) =>
  request<{ messages: ChatMessage[]; partner_read_up_to: string | null }>(
    'GET',
    `/api/v1/chat/messages?limit=50${before ? `&before=${encodeURIComponent(before)}` : ''}`,
  );
export const sendMessage = (text: string) => request<ChatMessage>('POST', '/api/v1/chat/messages', { text });
export const markRead = (up_to: string) => request<void>('POST', '/api/v1/chat/read', { up_to });
