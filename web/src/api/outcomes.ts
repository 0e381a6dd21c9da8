// Outcomes (docs/care.md, "Outcomes"): a partner's answers to the outcome measure before
// each session, and their therapist's view of each sharing partner's course.
import { request } from './client';

export interface OutcomeAnswer {
  id: string;
  taken_at: number;
  session: string | null;
  answers: Record<string, number>;
  scores: Record<string, number>;
  levels: Record<string, string>;
}
export interface MyOutcomes {
  open: boolean;
  instrument: string;
  next_session: { id: string; starts_at: number; ends_at: number } | null;
  due: { satisfaction: boolean; triangle: boolean; triangle_form: string; triangle_last: number | null };
  answers: OutcomeAnswer[];
}
export const getMyOutcomes = () => request<MyOutcomes>('GET', '/api/v1/care/outcomes');
export const answerOutcome = (answers: Record<string, number>) => request<OutcomeAnswer>('POST', '/api/v1/care/outcomes', { answers });

export interface Change { delta: number; reliable: boolean }
export type CourseStatus = 'not_yet' | 'recovered' | 'improved' | 'unchanged' | 'deteriorated';
export interface CoursePoint {
  id: string;
  taken_at: number;
  session: string | null;
  score: number;
  above_cutoff: boolean | null;
  since_previous: Change | null;
  since_first: Change | null;
}
export interface Course { status: CourseStatus; points: CoursePoint[] }
export interface MeasureInfo {
  id: string;
  version: number;
  title: string;
  min: number;
  max: number;
  provisional: boolean;
  subscales: { id: string; title: string; criterion: number; cutoff: number | null; bands: { from: number; label: string }[] }[];
}
export interface CoupleOutcomes {
  instrument: MeasureInfo;
  partners: { id: string; display_name: string; shared: boolean; course?: Record<string, Course> }[];
}
export const getCoupleOutcomes = (couple: string) =>
  request<CoupleOutcomes>('GET', `/api/v1/therapist/couples/${encodeURIComponent(couple)}/outcomes`);
export const fhirExportHref = (couple: string) => `/api/v1/therapist/couples/${encodeURIComponent(couple)}/outcomes/fhir`;
