// A therapist's own notes on a couple in their care: mirrors src/features/notes/routes.cpp.
import { request } from './client';

export interface TherapistNote {
  id: string;
  couple: string; // the care relationship
  text: string;
  created_at: number;
  updated_at: number;
}

export const NOTE_MAX = 20000;
// Every note on every couple, as one JSON file (the server names it notes.json).
export const NOTES_EXPORT_URL = '/api/v1/therapist/notes/export';

const notes = (couple: string) => `/api/v1/therapist/couples/${encodeURIComponent(couple)}/notes`;
export const listNotes = (couple: string) => request<{ notes: TherapistNote[] }>('GET', notes(couple));
export const writeNote = (couple: string, text: string) => request<TherapistNote>('POST', notes(couple), { text });
export const rewriteNote = (couple: string, id: string, text: string) =>
  request<TherapistNote>('PUT', `${notes(couple)}/${encodeURIComponent(id)}`, { text });
export const deleteNote = (couple: string, id: string) => request<void>('DELETE', `${notes(couple)}/${encodeURIComponent(id)}`);
