// The couple room: mirrors src/features/room/routes.cpp. A partner's room lives under
// /api/v1/room (threads "joint" and "private"); the therapist's view of a couple's room
// under /api/v1/therapist/couples/{id}/room (threads "joint" and each partner's id). The
// two answer alike, so one set of calls serves both, given the room's base path.
import { request } from './client';

export interface RoomPolicy {
  version: number;
  text: string;
  updated_at: number;
}

export interface Room {
  relationship_id: string;
  open: boolean; // false once care has ended: readable, closed to writing
  therapist: { display_name: string };
  policy: RoomPolicy | null;
  acknowledged_version?: number | null; // a partner's view only
  partners?: { id: string; display_name: string; acknowledged_version: number | null }[]; // the therapist's view only
  threads: { id: string; display_name?: string; unread: number }[];
}

export interface RoomMessage {
  id: string;
  author: 'me' | 'partner' | 'therapist';
  author_name: string;
  text: string;
  attachment: { name: string; type: string; size: number } | null;
  created_at: number;
}

export interface RoomThread {
  thread: string;
  open: boolean;
  messages: RoomMessage[]; // newest first
  read: { role: string; display_name: string; up_to: string }[];
}

export const MESSAGE_MAX = 4000;
export const POLICY_MAX = 8000;
export const ATTACHMENT_MAX_BYTES = 1 << 20;
export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
export const PAGE = 50;

export const PARTNER_ROOM = '/api/v1/room';
export const therapistRoom = (couple: string) => `/api/v1/therapist/couples/${encodeURIComponent(couple)}/room`;

const thread = (base: string, id: string) => `${base}/threads/${encodeURIComponent(id)}`;

export const getRoom = (base: string) => request<Room>('GET', base);
export const listRoomMessages = (base: string, id: string, before?: string) =>
  request<RoomThread>('GET', `${thread(base, id)}/messages?limit=${PAGE}${before ? `&before=${encodeURIComponent(before)}` : ''}`);
export const postRoomMessage = (base: string, id: string, text: string) => request<RoomMessage>('POST', `${thread(base, id)}/messages`, { text });
export const attachToRoom = (base: string, id: string, file: File) =>
  request<RoomMessage>('POST', `${thread(base, id)}/attachments?name=${encodeURIComponent(file.name)}`, file);
export const markRoomRead = (base: string, id: string, upTo: string) => request<void>('POST', `${thread(base, id)}/read`, { up_to: upTo });
export const attachmentUrl = (base: string, message: string) => `${base}/attachments/${encodeURIComponent(message)}`;

// A partner has read the policy of this version.
export const acknowledgePolicy = (version: number) => request<Room>('POST', `${PARTNER_ROOM}/acknowledge`, { version });

// The therapist's own policy on secrets, for all their couples.
export const getRoomPolicy = () => request<{ policy: RoomPolicy | null }>('GET', '/api/v1/therapist/room-policy');
export const saveRoomPolicy = (text: string) => request<{ policy: RoomPolicy }>('PUT', '/api/v1/therapist/room-policy', { text });
