// The operators' console: mirrors src/features/admin/routes.cpp.
import { request } from './client';

export type ProfileStatus = 'submitted' | 'approved' | 'suspended' | 'refused' | 'draft';
export const STATUSES: ProfileStatus[] = ['submitted', 'approved', 'suspended', 'refused', 'draft'];
export const LIMITS = { reason: 500, reference: 200, body: 200 };

export interface TherapistSummary {
  id: string;
  status: ProfileStatus;
  full_name: string;
  credential: string;
  jurisdictions: string[];
  submitted_at: string | null;
  verified_until: string | null;
  verification_ended: boolean;
}

export interface TherapistList {
  status: ProfileStatus;
  therapists: TherapistSummary[];
  next: string | null;
}

export interface LicenceCheck {
  id: string;
  licensing_body: string;
  verified_on: string;
  reference: string;
  expires_on: string;
  recorded_at: string;
  operator_id: string;
  current: boolean; // the newest since the last submission: what an approval rests on
  running: boolean;
}

export interface LicenceCheckInput {
  licensing_body: string;
  verified_on: string;
  reference: string;
  expires_on: string;
}

export interface TherapistReview {
  id: string;
  email: string | null;
  status: ProfileStatus;
  decision_reason: string;
  verified_until: string | null;
  full_name: string;
  credential: string;
  licence_number: string;
  licensing_body: string;
  jurisdictions: string[];
  languages: string[];
  modalities: string[];
  specialties: string[];
  approaches: string[];
  gender: string;
  bio: string;
  fee: number;
  session_minutes: number;
  capacity: number;
  time_zone: string;
  cancel_hours: number;
  reschedule_hours: number;
  hours: { weekday: number; start_minute: number; end_minute: number }[];
  days_off: string[];
  has_photo: boolean;
  submitted_at: string | null;
  decided_at: string | null;
  matchable: boolean;
  verification_ended: boolean;
  verifications: LicenceCheck[];
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor_id: string; // "" for rekindle itself (a scheduled job)
  actor_email: string | null;
  action: string;
  object_type: string;
  object_id: string;
  detail: string;
  request_id: string;
  hash: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  next_before: number | null;
}

const base = '/api/v1/operator';
const therapist = (id: string, action = '') => `${base}/therapists/${encodeURIComponent(id)}${action}`;

export const listTherapists = (status: ProfileStatus, after?: string) =>
  request<TherapistList>('GET', `${base}/therapists?status=${status}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
export const getTherapist = (id: string) => request<TherapistReview>('GET', therapist(id));
export const recordCheck = (id: string, input: LicenceCheckInput) =>
  request<TherapistReview>('POST', therapist(id, '/verifications'), input);
export const approve = (id: string) => request<TherapistReview>('POST', therapist(id, '/approve'));
export const refuse = (id: string, reason: string) => request<TherapistReview>('POST', therapist(id, '/refuse'), { reason });
export const suspend = (id: string, reason: string) => request<TherapistReview>('POST', therapist(id, '/suspend'), { reason });
export const reinstate = (id: string) => request<TherapistReview>('POST', therapist(id, '/reinstate'));
export const photoUrl = (id: string) => `/api/v1/therapists/${encodeURIComponent(id)}/photo`;

export const resetSecondFactor = (email: string, reason: string) =>
  request<{ account_id: string }>('POST', `${base}/accounts/second-factor-reset`, { email, reason });

export function listAudit(options: { before?: number; object?: { type: string; id: string } } = {}) {
  const q = new URLSearchParams();
  if (options.before) q.set('before', String(options.before));
  if (options.object) {
    q.set('object_type', options.object.type);
    q.set('object_id', options.object.id);
  }
  const s = q.toString();
  return request<AuditPage>('GET', `${base}/audit${s ? `?${s}` : ''}`);
}
export const verifyAudit = () =>
  request<{ intact: boolean; first_broken: number | null; checked_at: string }>('GET', `${base}/audit/verify`);
