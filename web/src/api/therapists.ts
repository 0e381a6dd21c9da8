// A therapist's own profile, hours and photo: mirrors src/features/therapists/routes.cpp.
import { request } from './client';

// The vocabularies (src/features/therapists/therapists.hpp), in the server's order.
export const CREDENTIALS = ['psychologist', 'marriage_family_therapist', 'clinical_social_worker', 'counsellor', 'psychotherapist',
  'psychiatrist', 'sex_therapist'] as const;
export const MODALITIES = ['video', 'chat'] as const;
export const SPECIALTIES = ['couples', 'sex_therapy', 'affair_recovery', 'lgbtq_affirming', 'asexual_inclusive', 'communication',
  'conflict', 'intimacy', 'parenting', 'blended_families', 'separation', 'trauma', 'grief', 'non_monogamy', 'cultural_identity'] as const;
export const APPROACHES = ['gottman', 'eft', 'cbt', 'imago', 'narrative', 'solution_focused', 'psychodynamic', 'integrative',
  'systemic', 'act'] as const;
export const GENDERS = ['woman', 'man', 'nonbinary', ''] as const;

export const LIMITS = { name: 100, licence: 60, body: 200, bio: 2000, list: 20, fee: 1_000_000, capacity: 100, hours: 70 };
export const MINUTE_STEP = 15;
export const PHOTO_MAX_BYTES = 1 << 20;
export const PHOTO_TYPES = ['image/jpeg', 'image/png'];

export type Status = 'draft' | 'submitted' | 'approved' | 'refused' | 'suspended';

// A weekly window in the therapist's own time zone: weekday 1 (Monday) to 7, minutes
// from midnight in steps of 15.
export interface Hours {
  weekday: number;
  start_minute: number;
  end_minute: number;
}

// What the therapist writes (every field may be left empty in a draft).
export interface ProfileInput {
  full_name: string;
  credential: string;
  licence_number: string;
  licensing_body: string;
  jurisdictions: string[]; // "DE", "US-CA"
  languages: string[]; // "en", "es"
  modalities: string[];
  specialties: string[];
  approaches: string[];
  gender: string;
  bio: string;
  fee: number; // per session, in minor units of `currency`
  session_minutes: number;
  capacity: number;
  time_zone: string;
  cancel_hours: number;
  reschedule_hours: number;
}

export interface Profile extends ProfileInput {
  status: Status;
  decision_reason: string;
  verified_until: string | null; // "YYYY-MM-DD", inclusive
  currency: string; // the deployment's, ISO 4217
  hours: Hours[];
  days_off: string[];
  has_photo: boolean;
}

export const getProfile = () => request<Profile>('GET', '/api/v1/therapist/profile');
export const saveProfile = (p: ProfileInput) => request<Profile>('PUT', '/api/v1/therapist/profile', p);
export const submitProfile = () => request<Profile>('POST', '/api/v1/therapist/profile/submit');
export const saveAvailability = (hours: Hours[], days_off: string[]) =>
  request<Profile>('PUT', '/api/v1/therapist/availability', { hours, days_off });
export const uploadPhoto = (photo: Blob) => request<{ has_photo: true; width: number; height: number }>('PUT', '/api/v1/therapist/photo', photo);
export const removePhoto = () => request<void>('DELETE', '/api/v1/therapist/photo');
export const photoUrl = (userId: string, version: number) => `/api/v1/therapists/${encodeURIComponent(userId)}/photo?v=${version}`;
