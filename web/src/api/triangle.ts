// The triangle check: mirrors src/features/triangle/routes.cpp.
import { formatNumber } from '../i18n';
import { request } from './client';

export type Component = 'intimacy' | 'passion' | 'commitment';
export const COMPONENTS: Component[] = ['intimacy', 'passion', 'commitment'];
export type Perspective = 'real' | 'ideal';
export type Scores = Record<string, number>;

export interface InstrumentSummary {
  id: string;
  title: string;
  description: string;
  item_count: number;
  perspectives: Perspective[];
  has_kind_of_love: boolean;
}

export interface Instrument extends Omit<InstrumentSummary, 'has_kind_of_love'> {
  scale: { min: number; max: number; anchors: Record<string, string> };
  subscales: { id: string; title: string; change_criterion: number; bands: { from: number; label: string }[] }[];
  items: { id: string; subscale: string; text: string; ideal_text?: string }[];
  kind_of_love: {
    present_at: number;
    strong_at: number;
    near: number;
    titles: Record<string, string>;
    descriptions: Record<string, string>;
  } | null;
  source: string;
}

// A gap or change, decided and put in words by the server: "a little higher than last
// time (up 1.6 points)". The client shows `text` as it comes.
export interface Difference {
  delta: number;
  criterion: number;
  reliable: boolean;
  size: 'same' | 'about_same' | 'a_little' | 'clearly';
  text: string;
}

// What a person reads about the kind of love; the server decides all of it.
export interface KindText {
  title: string;
  summary: string;
  description?: string;
  near?: string;
}

export interface AssessmentResult {
  id: string;
  form: string;
  perspective: Perspective;
  scores: Scores;
  kind_of_love?: string;
  also_near?: string[];
  kind_text?: KindText;
  levels?: Record<string, string>;
  change?: { previous_id: string; previous_taken_at: string; by_subscale: Record<string, Difference> };
  share_with_partner: boolean;
  taken_at: string;
}

export type PartnerStatus = 'shown' | 'not_in_couple' | 'no_recent_check' | 'not_shared' | 'waiting_for_partner';

export interface CoupleView {
  form: string | null;
  mine: { real: AssessmentResult | null; ideal: AssessmentResult | null };
  partner: { form: string; scores: Scores; kind_of_love?: string; kind_text?: KindText; taken_at: string } | null;
  partner_name?: string;
  partner_status: PartnerStatus;
  comparison: { real_vs_ideal: Record<string, Difference> | null; partner_vs_me: Record<string, Difference> | null };
}

export interface Draft {
  form: string;
  perspective: Perspective;
  answers: Record<string, number>;
  share_with_partner: boolean;
  updated_at: string;
}

export const listInstruments = () =>
  request<{ instruments: InstrumentSummary[] }>('GET', '/api/v1/instruments').then((r) => r.instruments);
export const getInstrument = (id: string) => request<Instrument>('GET', `/api/v1/instruments/${encodeURIComponent(id)}`);
export const coupleView = () => request<CoupleView>('GET', '/api/v1/triangle/couple');
export const history = (form: string, perspective: Perspective = 'real') =>
  request<{ assessments: AssessmentResult[] }>(
    'GET',
    `/api/v1/triangle/assessments?form=${encodeURIComponent(form)}&perspective=${perspective}&limit=52`,
  ).then((r) => r.assessments);
export const submitAssessment = (form: string, perspective: Perspective, answers: Record<string, number>, share: boolean) =>
  request<AssessmentResult>('POST', '/api/v1/triangle/assessments', { form, perspective, answers, share_with_partner: share });
export const setShared = (id: string, share: boolean) =>
  request<AssessmentResult>('PATCH', `/api/v1/triangle/assessments/${encodeURIComponent(id)}`, { share_with_partner: share });
export const saveDraft = (d: Omit<Draft, 'updated_at'>) => request<Draft>('PUT', '/api/v1/triangle/draft', d);
export const discardDraft = () => request<void>('DELETE', '/api/v1/triangle/draft');

// The check in progress, or null when there is none (204 No Content).
export const getDraft = () => request<Draft | undefined>('GET', '/api/v1/triangle/draft').then((d) => d ?? null);

// A score rounded to one decimal, halves away from zero, exactly as the server rounds
// before it names a kind of love (Round1 in instrument.cpp), so the name and the number
// shown never disagree.
export function roundScore(x: number): number {
  return (Math.sign(x) * Math.round(Math.abs(x) * 10)) / 10 + 0;
}

// A score as people read it: rounded as above, then written with one decimal in the
// person's language ("6.4", "6,4"). Rounding first matters: Intl would round the binary
// value (4.35 is 4.3499…) and could disagree with the server.
export const formatScore = (x: number) => formatNumber(roundScore(x), 1);
