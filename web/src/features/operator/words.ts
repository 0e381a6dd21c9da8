// The fixed ids the console shows, in words: a profile's vocabularies (the server's
// src/features/therapists/therapists.hpp), statuses and audit actions. An id this
// client does not know is shown as it is.
import type { ProfileStatus } from '../../api/operator';
import { language, t, type Key } from '../../i18n';

const CREDENTIALS: Record<string, Key> = {
  psychologist: 'operator.credential.psychologist',
  marriage_family_therapist: 'operator.credential.marriage_family_therapist',
  clinical_social_worker: 'operator.credential.clinical_social_worker',
  counsellor: 'operator.credential.counsellor',
  psychotherapist: 'operator.credential.psychotherapist',
  psychiatrist: 'operator.credential.psychiatrist',
  sex_therapist: 'operator.credential.sex_therapist',
};
const MODALITIES: Record<string, Key> = { video: 'operator.modality.video', chat: 'operator.modality.chat' };
const SPECIALTIES: Record<string, Key> = {
  couples: 'operator.specialty.couples',
  sex_therapy: 'operator.specialty.sex_therapy',
  affair_recovery: 'operator.specialty.affair_recovery',
  lgbtq_affirming: 'operator.specialty.lgbtq_affirming',
  asexual_inclusive: 'operator.specialty.asexual_inclusive',
  communication: 'operator.specialty.communication',
  conflict: 'operator.specialty.conflict',
  intimacy: 'operator.specialty.intimacy',
  parenting: 'operator.specialty.parenting',
  blended_families: 'operator.specialty.blended_families',
  separation: 'operator.specialty.separation',
  trauma: 'operator.specialty.trauma',
  grief: 'operator.specialty.grief',
  non_monogamy: 'operator.specialty.non_monogamy',
  cultural_identity: 'operator.specialty.cultural_identity',
};
const APPROACHES: Record<string, Key> = {
  gottman: 'operator.approach.gottman',
  eft: 'operator.approach.eft',
  cbt: 'operator.approach.cbt',
  imago: 'operator.approach.imago',
  narrative: 'operator.approach.narrative',
  solution_focused: 'operator.approach.solution_focused',
  psychodynamic: 'operator.approach.psychodynamic',
  integrative: 'operator.approach.integrative',
  systemic: 'operator.approach.systemic',
  act: 'operator.approach.act',
};
const GENDERS: Record<string, Key> = {
  woman: 'operator.gender.woman',
  man: 'operator.gender.man',
  nonbinary: 'operator.gender.nonbinary',
  '': 'operator.gender.unsaid',
};
export const STATUS_WORDS: Record<ProfileStatus, Key> = {
  submitted: 'operator.status.submitted',
  approved: 'operator.status.approved',
  suspended: 'operator.status.suspended',
  refused: 'operator.status.refused',
  draft: 'operator.status.draft',
};
const ACTIONS: Record<string, Key> = {
  'therapist.verification': 'operator.action.verification',
  'therapist.approve': 'operator.action.approve',
  'therapist.refuse': 'operator.action.refuse',
  'therapist.suspend': 'operator.action.suspend',
  'therapist.reinstate': 'operator.action.reinstate',
  'therapist.verification_ending': 'operator.action.ending',
  'therapist.verification_ended': 'operator.action.ended',
  'account.second_factor_reset': 'operator.action.reset',
};

const word = (words: Record<string, Key>, id: string) => (id in words ? t(words[id]) : id);
const words = (table: Record<string, Key>, ids: string[]) => ids.map((id) => word(table, id));

export const credentialWord = (id: string) => word(CREDENTIALS, id);
export const genderWord = (id: string) => word(GENDERS, id);
export const actionWord = (id: string) => word(ACTIONS, id);
export const modalityWords = (ids: string[]) => words(MODALITIES, ids);
export const specialtyWords = (ids: string[]) => words(SPECIALTIES, ids);
export const approachWords = (ids: string[]) => words(APPROACHES, ids);

// Language tags ("es") and places ("ES", "US-CA") in the person's language, by Intl;
// a region within a country stays a code.
export function languageNames(tags: string[]): string[] {
  const names = new Intl.DisplayNames([language()], { type: 'language' });
  return tags.map((tag) => names.of(tag) ?? tag);
}
export function placeNames(codes: string[]): string[] {
  const names = new Intl.DisplayNames([language()], { type: 'region' });
  return codes.map((code) => (code.includes('-') ? code : names.of(code) ?? code));
}
