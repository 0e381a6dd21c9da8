// Care for a couple: mirrors src/features/care/routes.cpp and src/features/booking/routes.cpp.
import { request } from './client';

export type Texts = Record<string, string>;
export interface ResultText { title: Texts; body: Texts }

export interface PublicTherapist {
  id: string;
  full_name: string;
  credential: string;
  licence_number: string;
  licensing_body: string;
  jurisdictions: string[];
  verified_until: string | null;
  languages: string[];
  modalities: string[];
  specialties: string[];
  approaches: string[];
  gender: string;
  bio: string;
  fee: number;
  currency: string;
  session_minutes: number;
  time_zone: string;
  cancel_hours: number;
  reschedule_hours: number;
  has_photo: boolean;
}

export interface Questionnaire {
  where: string;
  languages: string[];
  modalities: string[];
  specialties: string[];
  approaches: string[];
  gender: string;
  max_fee: number | null;
  times: string[];
  time_zone: string;
}

export interface Relationship {
  id: string;
  status: 'requested' | 'accepted';
  requested_at: number;
  decided_at: number | null;
  therapist_id: string;
  therapist: PublicTherapist | null;
}

export interface CareOverview {
  screen: { taken: boolean; outcome: 'clear' | 'concerning' | null };
  questionnaire: Questionnaire | null;
  partner_answered: boolean;
  relationship: Relationship | null;
  joint: { available: boolean; message?: ResultText };
  currency: string;
}

export interface ScreenQuestion { id: string; text: Texts; choices: { id: string; text: Texts }[] }
export interface Screen {
  version: string;
  title: Texts;
  intro: Texts;
  questions: ScreenQuestion[];
  taken: boolean;
  answers?: Record<string, string>;
  outcome?: 'clear' | 'concerning';
  result?: ResultText;
}

export interface HelpLine {
  name: string;
  kind: 'emergency' | 'abuse' | 'crisis';
  phone: string;
  text: string;
  url: string;
  hours: Texts;
  about: Texts;
}
export interface HelpLines { country: string; checked: string; note: Texts; resources: HelpLine[]; countries: string[] }

export interface Reason { code: string; value: string }
export interface Match { therapist: PublicTherapist; score: number; reasons: Reason[] }

export interface Slot { starts_at: number; ends_at: number; local_start: string; therapist_local_start: string }
export interface Slots { time_zone: string; therapist_time_zone: string; session_minutes: number; joint_available: boolean; slots: Slot[] }
export interface Session {
  id: string;
  kind: 'joint' | 'individual';
  starts_at: number;
  ends_at: number;
  local_start: string;
  local_end: string;
  therapist_id: string;
  therapist_name: string;
  booked_by_me: boolean;
  call_open: boolean;  // the video call is open now
}

export const DAY_PARTS = ['weekday_morning', 'weekday_afternoon', 'weekday_evening', 'weekend_morning', 'weekend_afternoon', 'weekend_evening'] as const;

// The text in `lang`, or English.
export const inLanguage = (texts: Texts | undefined, lang: string) => (texts ? texts[lang] ?? texts.en ?? '' : '');

export const getCare = () => request<CareOverview>('GET', '/api/v1/care');
export const getScreen = () => request<Screen>('GET', '/api/v1/care/screen');
export const takeScreen = (answers: Record<string, string>) =>
  request<{ outcome: 'clear' | 'concerning'; result: ResultText }>('POST', '/api/v1/care/screen', { answers });
export const getHelpLines = (country: string) =>
  request<HelpLines>('GET', `/api/v1/care/resources?country=${encodeURIComponent(country)}`);
export const saveQuestionnaire = (q: Questionnaire) =>
  request<{ questionnaire: Questionnaire }>('PUT', '/api/v1/care/questionnaire', q);
export const getMatches = () => request<{ matches: Match[] }>('GET', '/api/v1/care/matches');
export const passMatch = (id: string) => request<void>('POST', `/api/v1/care/matches/${encodeURIComponent(id)}/pass`);
export const clearPasses = () => request<void>('DELETE', '/api/v1/care/passes');
export const askTherapist = (therapistId: string) => request<Relationship>('POST', '/api/v1/care/requests', { therapist_id: therapistId });
export const endCare = () => request<void>('DELETE', '/api/v1/care/relationship');
export const getSlots = (days = 14) => request<Slots>('GET', `/api/v1/care/slots?days=${days}`);
export const getSessions = () => request<{ time_zone: string; sessions: Session[] }>('GET', '/api/v1/care/bookings');
export const book = (startsAt: number, kind: 'joint' | 'individual') =>
  request<Session>('POST', '/api/v1/care/bookings', { starts_at: startsAt, kind });
export const cancelSession = (id: string) => request<void>('DELETE', `/api/v1/care/bookings/${encodeURIComponent(id)}`);
export const moveSession = (id: string, startsAt: number) =>
  request<Session>('PATCH', `/api/v1/care/bookings/${encodeURIComponent(id)}`, { starts_at: startsAt });

// The therapist's side.
export interface TherapistCouple {
  id: string;
  status: 'requested' | 'accepted' | 'declined' | 'ended';
  requested_at: number;
  decided_at: number | null;
  joint_open: boolean;
  couple_current: boolean;
  partners: { display_name: string; where: string | null; languages: string[]; time_zone: string | null; screen?: 'not_taken' | 'taken' | 'alone_first' }[];
}
export interface ScheduledSession { id: string; kind: 'joint' | 'individual'; relationship_id: string; starts_at: number; ends_at: number; local_start: string; call_open: boolean; with: string[] }

export const listCouples = (status: TherapistCouple['status']) =>
  request<{ couples: TherapistCouple[] }>('GET', `/api/v1/therapist/couples?status=${status}`);
export const getTherapistCouple = (id: string) => request<TherapistCouple>('GET', `/api/v1/therapist/couples/${encodeURIComponent(id)}`);
export const acceptCouple = (id: string) => request<TherapistCouple>('POST', `/api/v1/therapist/couples/${encodeURIComponent(id)}/accept`);
export const declineCouple = (id: string) => request<TherapistCouple>('POST', `/api/v1/therapist/couples/${encodeURIComponent(id)}/decline`);
export const endCouple = (id: string) => request<TherapistCouple>('POST', `/api/v1/therapist/couples/${encodeURIComponent(id)}/end`);
export const openJoint = (id: string, spokeAlone: boolean) =>
  request<TherapistCouple>('POST', `/api/v1/therapist/couples/${encodeURIComponent(id)}/joint`, { spoke_alone: spokeAlone });
export const getSchedule = (days = 14) => request<{ time_zone: string; sessions: ScheduledSession[] }>('GET', `/api/v1/therapist/schedule?days=${days}`);
export const therapistCancel = (id: string) => request<void>('POST', `/api/v1/therapist/bookings/${encodeURIComponent(id)}/cancel`);
