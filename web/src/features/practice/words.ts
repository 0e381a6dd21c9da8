// The words for the vocabularies' ids (api/therapists.ts), in the person's language.
import { APPROACHES, CREDENTIALS, GENDERS, MODALITIES, SPECIALTIES, type Status } from '../../api/therapists';
import type { Key } from '../../i18n';

type Words<T extends readonly string[]> = Record<T[number], Key>;

export const CREDENTIAL_WORDS: Words<typeof CREDENTIALS> = {
  psychologist: 'credential.psychologist',
  marriage_family_therapist: 'credential.marriageFamilyTherapist',
  clinical_social_worker: 'credential.clinicalSocialWorker',
  counsellor: 'credential.counsellor',
  psychotherapist: 'credential.psychotherapist',
  psychiatrist: 'credential.psychiatrist',
  sex_therapist: 'credential.sexTherapist',
};

export const MODALITY_WORDS: Words<typeof MODALITIES> = { video: 'modality.video', chat: 'modality.chat' };

export const SPECIALTY_WORDS: Words<typeof SPECIALTIES> = {
  couples: 'specialty.couples',
  sex_therapy: 'specialty.sexTherapy',
  affair_recovery: 'specialty.affairRecovery',
  lgbtq_affirming: 'specialty.lgbtqAffirming',
  asexual_inclusive: 'specialty.asexualInclusive',
  communication: 'specialty.communication',
  conflict: 'specialty.conflict',
  intimacy: 'specialty.intimacy',
  parenting: 'specialty.parenting',
  blended_families: 'specialty.blendedFamilies',
  separation: 'specialty.separation',
  trauma: 'specialty.trauma',
  grief: 'specialty.grief',
  non_monogamy: 'specialty.nonMonogamy',
  cultural_identity: 'specialty.culturalIdentity',
};

export const APPROACH_WORDS: Words<typeof APPROACHES> = {
  gottman: 'approach.gottman',
  eft: 'approach.eft',
  cbt: 'approach.cbt',
  imago: 'approach.imago',
  narrative: 'approach.narrative',
  solution_focused: 'approach.solutionFocused',
  psychodynamic: 'approach.psychodynamic',
  integrative: 'approach.integrative',
  systemic: 'approach.systemic',
  act: 'approach.act',
};

export const GENDER_WORDS: Words<typeof GENDERS> = {
  woman: 'gender.woman',
  man: 'gender.man',
  nonbinary: 'gender.nonbinary',
  '': 'gender.notSaid',
};

// What each status means for the therapist, and what comes next.
export const STATUS_WORDS: Record<Status, { title: Key; body: Key }> = {
  draft: { title: 'practice.status.draft', body: 'practice.status.draftBody' },
  submitted: { title: 'practice.status.submitted', body: 'practice.status.submittedBody' },
  approved: { title: 'practice.status.approved', body: 'practice.status.approvedBody' },
  refused: { title: 'practice.status.refused', body: 'practice.status.refusedBody' },
  suspended: { title: 'practice.status.suspended', body: 'practice.status.suspendedBody' },
};

// Languages offered as choices (ISO 639-1), named by the browser in the person's
// language; a profile's other languages are shown too.
export const LANGUAGE_CHOICES = ['ar', 'da', 'de', 'el', 'en', 'es', 'fa', 'fi', 'fr', 'he', 'hi', 'it', 'ja', 'ko', 'nl', 'no',
  'pl', 'pt', 'ro', 'ru', 'sv', 'tr', 'uk', 'zh'];
