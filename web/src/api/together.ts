// Together time: mirrors src/features/together/routes.cpp.
import { cancelWaiting, isWaiting, putWhenOnline, request } from './client';

export interface Plan {
  id: string;
  kind: 'recurring' | 'once';
  rrule: string;
  start_local: string;
  start: string;
  time_zone: string;
  duration_minutes: number;
  status: 'proposed' | 'active' | 'ended' | 'declined' | 'withdrawn';
  proposed_by: 'me' | 'partner';
  replaces: string | null;
  created_at: string;
}

export interface TogetherSession {
  started_at: string;
  started_by: 'me' | 'partner';
  finished_at: string | null;
}

export interface Reflection {
  mine: { happened: boolean; closeness: number | null; note: string; note_shared: boolean } | null;
  partner_reflected: boolean;
  both_reflected: boolean;
  partner_closeness: number | null;
  partner_note: string | null;
}

export interface Evening {
  plan_id: string;
  occurrence: string;
  start: string;
  end: string;
  start_local: string;
  time_zone: string;
  duration_minutes: number;
  moved: boolean;
  session: TogetherSession | null;
  reflection: Reflection;
}

export type DayState = 'none' | 'planned' | 'met';
export interface Week {
  monday: string;
  planned: number;
  met: number;
  goal: number;
  good: boolean;
  days: DayState[];
}

export interface Together {
  time_zone: string;
  plans: Plan[];
  proposal: Plan | null;
  next: Evening | null;
  upcoming: Evening[];
  to_reflect: Evening[];
  skipped: { plan_id: string; occurrence: string; start: string }[];
  streak: { per_week: number; good_in_a_row: number; good_weeks: number; weeks: Week[] };
}

export interface Reminders {
  enabled: boolean;
  lead_minutes: number | null;
}

export interface CalendarFeed {
  enabled: boolean;
  title: string;
  url?: string;
  created_at?: string;
}

const evening = (e: Pick<Evening, 'plan_id' | 'occurrence'>) =>
  `/api/v1/together/plans/${encodeURIComponent(e.plan_id)}/occurrences/${encodeURIComponent(e.occurrence)}`;

export const getTogether = () => request<Together>('GET', '/api/v1/together');
export const proposePlan = (p: { rrule?: string; start_local: string; duration_minutes?: number }) =>
  request<Plan>('POST', '/api/v1/together/plans', p);
export const answerPlan = (id: string, answer: 'accept' | 'decline' | 'withdraw') =>
  request<Plan>('POST', `/api/v1/together/plans/${encodeURIComponent(id)}/${answer}`);
export const endPlan = (id: string) => request<void>('DELETE', `/api/v1/together/plans/${encodeURIComponent(id)}`);
export const skipEvening = (e: Evening) => request<void>('PUT', evening(e), { skipped: true });
export const moveEvening = (e: Evening, moved_to: string) => request<void>('PUT', evening(e), { moved_to });
export const restoreEvening = (e: Pick<Evening, 'plan_id' | 'occurrence'>) => request<void>('DELETE', evening(e));
export const startTimer = (e: Evening) => request<TogetherSession>('POST', `${evening(e)}/session`);
export const finishTimer = (e: Evening) => request<TogetherSession>('POST', `${evening(e)}/session/finish`);
type ReflectionInput = { happened: boolean; closeness?: number; note?: string; note_shared?: boolean };
// Sent now, or when rekindle is back if it cannot be reached now (see putWhenOnline).
export const reflectWhenOnline = (e: Evening, r: ReflectionInput) => putWhenOnline<Reflection>(`${evening(e)}/reflection`, r);
export const cancelReflection = (e: Evening) => cancelWaiting(`${evening(e)}/reflection`);
export const isReflectionWaiting = (e: Evening) => isWaiting(`${evening(e)}/reflection`);
export const setGoal = (per_week: number) => request<{ per_week: number }>('PUT', '/api/v1/together/goal', { per_week });

export const getReminders = () => request<Reminders>('GET', '/api/v1/me/reminders');
export const setReminders = (lead_minutes: number) => request<Reminders>('PUT', '/api/v1/me/reminders', { lead_minutes });
export const stopReminders = () => request<void>('DELETE', '/api/v1/me/reminders');
export const unsubscribe = (token: string) => request<void>('POST', '/api/v1/reminders/unsubscribe', { token });

export const getFeed = () => request<CalendarFeed>('GET', '/api/v1/me/calendar-feed');
export const newFeed = (title?: string) => request<CalendarFeed>('POST', '/api/v1/me/calendar-feed', title ? { title } : {});
export const renameFeed = (title: string) => request<CalendarFeed>('PATCH', '/api/v1/me/calendar-feed', { title });
export const revokeFeed = () => request<void>('DELETE', '/api/v1/me/calendar-feed');
