// The therapist's profile: where it stands with the operators, and the whole form —
// the licence, how they work, the practicalities — saved as a draft at any time and
// submitted for verification when complete. What the server finds missing or wrong is
// shown at its field; nothing typed is lost.
import { useRef, useState } from 'preact/hooks';
import {
  APPROACHES, CREDENTIALS, GENDERS, LIMITS, MODALITIES, SPECIALTIES, saveProfile, submitProfile, type Profile, type ProfileInput,
} from '../../api/therapists';
import {
  currencyDigits, currencySymbol, decimalSeparator, formatCalendarDay, formatMoney, nameOf, t, type Key,
} from '../../i18n';
import { Card, ChoiceList, IconButton, Notice, SelectField, TextField, useAction, useFocusOnError, type Option } from '../../ui/components';
import { TimeZonePicker } from '../accounts/TimeZonePicker';
import { feeText, parseFee } from './fee';
import {
  APPROACH_WORDS, CREDENTIAL_WORDS, GENDER_WORDS, LANGUAGE_CHOICES, MODALITY_WORDS, SPECIALTY_WORDS, STATUS_WORDS,
} from './words';

export function ProfilePage({ profile, onProfile }: { profile: Profile; onProfile: (p: Profile) => void }) {
  return (
    <>
      <Status profile={profile} />
      <ProfileForm profile={profile} onProfile={onProfile} />
    </>
  );
}

const todayUtc = () => new Date().toISOString().slice(0, 10);

// Where the profile stands, in words: what it means and what comes next.
function Status({ profile }: { profile: Profile }) {
  const words = STATUS_WORDS[profile.status];
  const reason = (profile.status === 'refused' || profile.status === 'suspended') && profile.decision_reason;
  const until = profile.status === 'approved' && profile.verified_until;
  return (
    <section class="card status" aria-labelledby="status-title" data-testid="practice-status">
      <p class="next__label">{t('practice.status.label')}</p>
      <h2 id="status-title">{t(words.title)}</h2>
      <p>{t(words.body)}</p>
      {reason && (
        <div class="status__reason">
          <p class="hint">{t('practice.status.reason')}</p>
          <p>{reason}</p>
        </div>
      )}
      {until && (
        <p>{until < todayUtc()
          ? t('practice.status.expired', { date: formatCalendarDay(until) })
          : t('practice.status.verifiedUntil', { date: formatCalendarDay(until) })}</p>
      )}
    </section>
  );
}

// A place of practice as two inputs: the country (ISO 3166-1, "US") and, where licences
// are issued by region, the region's code within it ("CA" for US-CA).
interface Place {
  country: string;
  region: string;
}

// The form as typed: numbers stay text until they are saved.
interface Draft {
  full_name: string;
  credential: string;
  licence_number: string;
  licensing_body: string;
  places: Place[];
  languages: string[];
  modalities: string[];
  specialties: string[];
  approaches: string[];
  gender: string;
  bio: string;
  fee: string;
  session_minutes: string;
  capacity: string;
  time_zone: string;
  cancel_hours: string;
  reschedule_hours: string;
}

type Errors = Record<string, string>;

function toDraft(p: Profile): Draft {
  const digits = currencyDigits(p.currency);
  return {
    full_name: p.full_name, credential: p.credential, licence_number: p.licence_number, licensing_body: p.licensing_body,
    places: p.jurisdictions.map((j) => ({ country: j.slice(0, 2), region: j.slice(3) })),
    languages: p.languages, modalities: p.modalities, specialties: p.specialties, approaches: p.approaches,
    gender: p.gender, bio: p.bio,
    fee: p.fee ? feeText(p.fee, digits, decimalSeparator()) : '',
    session_minutes: String(p.session_minutes), capacity: p.capacity ? String(p.capacity) : '', time_zone: p.time_zone,
    cancel_hours: String(p.cancel_hours), reschedule_hours: String(p.reschedule_hours),
  };
}

const placeError = (i: number, part: 'country' | 'region') => `jurisdictions-${i}-${part}`;

// The draft as the API takes it, or what is wrong with it, field by field (the same
// names as the server's field errors; a place's parts as jurisdictions-N-country).
function toInput(d: Draft, currency: string): { input: ProfileInput | null; errors: Errors } {
  const errors: Errors = {};
  const jurisdictions: string[] = [];
  d.places.forEach((p, i) => {
    if (!p.country && !p.region) return;
    if (!/^[A-Z]{2}$/.test(p.country)) errors[placeError(i, 'country')] = t('practice.place.countryError');
    if (p.region && !/^[A-Z0-9]{1,3}$/.test(p.region)) errors[placeError(i, 'region')] = t('practice.place.regionError');
    const code = p.region ? `${p.country}-${p.region}` : p.country;
    if (!jurisdictions.includes(code)) jurisdictions.push(code);
  });
  const whole = (field: 'capacity' | 'cancel_hours' | 'reschedule_hours') => {
    const text = d[field].trim();
    if (text === '') return 0;
    if (!/^\d{1,4}$/.test(text)) errors[field] = t('practice.wholeNumber');
    return Number(text);
  };
  const fee = d.fee.trim() === '' ? 0 : parseFee(d.fee, currencyDigits(currency));
  if (fee === null) errors.fee = t('practice.feeError', { example: formatMoney(6050, currency) });
  const input: ProfileInput = {
    full_name: d.full_name.trim(), credential: d.credential, licence_number: d.licence_number.trim(),
    licensing_body: d.licensing_body.trim(), jurisdictions, languages: d.languages, modalities: d.modalities,
    specialties: d.specialties, approaches: d.approaches, gender: d.gender, bio: d.bio.trim(), fee: fee ?? 0,
    session_minutes: Number(d.session_minutes), capacity: whole('capacity'), time_zone: d.time_zone,
    cancel_hours: whole('cancel_hours'), reschedule_hours: whole('reschedule_hours'),
  };
  return { input: Object.keys(errors).length ? null : input, errors };
}

const options = (ids: readonly string[], words: Record<string, Key>): Option[] => ids.map((id) => ({ value: id, label: t(words[id]) }));
const SESSION_MINUTES = [30, 45, 50, 60, 75, 90, 120];

function ProfileForm({ profile, onProfile }: { profile: Profile; onProfile: (p: Profile) => void }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(profile));
  const [local, setLocal] = useState<Errors>({});
  const [done, setDone] = useState<Key | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const canSubmit = profile.status === 'draft' || profile.status === 'refused';

  const action = useAction(async (submit: boolean) => {
    setDone(null);
    const { input, errors } = toInput(draft, profile.currency);
    setLocal(errors);
    if (!input) return;
    const before = profile.status;
    let saved = await saveProfile(input);
    onProfile(saved);
    if (submit) {
      try {
        saved = await submitProfile();
      } catch (e) {
        setDone('practice.savedDraft');
        throw e;
      }
      onProfile(saved);
    }
    setDone(submit ? 'practice.submitted' : before === 'approved' && saved.status === 'submitted' ? 'practice.savedReverify' : 'practice.saved');
  });
  const error = (field: string) => local[field] ?? action.error?.fieldMessage(field);

  useFocusOnError(form, action.busy, action.error, local);

  const languageIds = [...LANGUAGE_CHOICES, ...draft.languages.filter((l) => !LANGUAGE_CHOICES.includes(l))];
  const languages = languageIds.map((id) => ({ value: id, label: nameOf('language', id) ?? id }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const minutes = SESSION_MINUTES.includes(Number(draft.session_minutes))
    ? SESSION_MINUTES : [...SESSION_MINUTES, Number(draft.session_minutes)].sort((a, b) => a - b);

  return (
    <form ref={form} class="practice-form" noValidate onSubmit={(e) => { e.preventDefault(); void action.run(false); }}>
      <Card title={t('practice.licenceTitle')} id="licence-title">
        <p class={profile.status === 'approved' ? 'notice' : 'hint'}>{t('practice.licenceNote')}</p>
        <TextField id="full_name" label={t('practice.fullName')} hint={t('practice.fullNameHint')} autocomplete="name"
          maxLength={LIMITS.name} value={draft.full_name} onInput={set('full_name')} error={error('full_name')} />
        <SelectField id="credential" label={t('practice.credential')} value={draft.credential} onChange={set('credential')}
          options={[{ value: '', label: t('practice.choose') }, ...options(CREDENTIALS, CREDENTIAL_WORDS)]} error={error('credential')} />
        <TextField id="licence_number" label={t('practice.licenceNumber')} maxLength={LIMITS.licence} value={draft.licence_number}
          onInput={set('licence_number')} error={error('licence_number')} />
        <TextField id="licensing_body" label={t('practice.licensingBody')} hint={t('practice.licensingBodyHint')} maxLength={LIMITS.body}
          value={draft.licensing_body} onInput={set('licensing_body')} error={error('licensing_body')} />
        <Places places={draft.places} onChange={set('places')} error={error} />
      </Card>

      <Card title={t('practice.workTitle')} id="work-title">
        <ChoiceList id="languages" legend={t('practice.languages')} options={languages} chosen={draft.languages} compact
          onChange={set('languages')} error={error('languages')} />
        <ChoiceList id="modalities" legend={t('practice.modalities')} options={options(MODALITIES, MODALITY_WORDS)}
          chosen={draft.modalities} onChange={set('modalities')} error={error('modalities')} />
        <ChoiceList id="specialties" legend={t('practice.specialties')} hint={t('practice.specialtiesHint')}
          options={options(SPECIALTIES, SPECIALTY_WORDS)} chosen={draft.specialties} onChange={set('specialties')} error={error('specialties')} />
        <ChoiceList id="approaches" legend={t('practice.approaches')} options={options(APPROACHES, APPROACH_WORDS)}
          chosen={draft.approaches} onChange={set('approaches')} error={error('approaches')} />
        <SelectField id="gender" label={t('practice.gender')} hint={t('practice.genderHint')} value={draft.gender}
          onChange={set('gender')} options={options(GENDERS, GENDER_WORDS)} error={error('gender')} />
        <TextField id="bio" label={t('practice.bio')} hint={t('practice.bioHint', { max: LIMITS.bio })} rows={6} maxLength={LIMITS.bio}
          value={draft.bio} onInput={set('bio')} error={error('bio')} />
      </Card>

      <Card title={t('practice.termsTitle')} id="terms-title">
        <TextField id="fee" label={t('practice.fee', { currency: currencySymbol(profile.currency) })} inputMode="decimal"
          hint={t('practice.feeHint', { example: formatMoney(6000, profile.currency) })} value={draft.fee} onInput={set('fee')} error={error('fee')} />
        <SelectField id="session_minutes" label={t('practice.sessionMinutes')} value={draft.session_minutes} onChange={set('session_minutes')}
          options={minutes.map((m) => ({ value: String(m), label: t('together.minutesOption', { minutes: m }) }))} error={error('session_minutes')} />
        <TextField id="capacity" label={t('practice.capacity')} hint={t('practice.capacityHint', { max: LIMITS.capacity })} inputMode="numeric"
          value={draft.capacity} onInput={set('capacity')} error={error('capacity')} />
        <TimeZonePicker value={draft.time_zone} onChange={set('time_zone')} hint={t('practice.timeZoneHint')} error={error('time_zone')} />
        <TextField id="cancel_hours" label={t('practice.cancelHours')} hint={t('practice.cancelHoursHint')} inputMode="numeric"
          value={draft.cancel_hours} onInput={set('cancel_hours')} error={error('cancel_hours')} />
        <TextField id="reschedule_hours" label={t('practice.rescheduleHours')} hint={t('practice.rescheduleHoursHint')} inputMode="numeric"
          value={draft.reschedule_hours} onInput={set('reschedule_hours')} error={error('reschedule_hours')} />
      </Card>

      <div class="practice-form__actions">
        {done && <Notice kind="success">{t(done)}</Notice>}
        {action.generalError && <Notice kind="error">{action.generalError}</Notice>}
        {Object.keys(local).length > 0 && <Notice kind="error">{t('practice.fixFields')}</Notice>}
        <button type="submit" class={canSubmit ? 'button button--quiet' : 'button'} disabled={action.busy}>
          {canSubmit ? t('practice.saveDraft') : t('practice.saveChanges')}
        </button>
        {canSubmit && (
          <button type="button" class="button" disabled={action.busy} onClick={() => action.run(true)}>{t('practice.submit')}</button>
        )}
        {canSubmit && <p class="hint">{t('practice.submitHint')}</p>}
      </div>
    </form>
  );
}

// Where the licence lets them practise: one row per place, added and removed at will.
function Places({ places, onChange, error }: { places: Place[]; onChange: (p: Place[]) => void; error: (field: string) => string | undefined }) {
  const rows = places.length ? places : [{ country: '', region: '' }];
  const change = (i: number, part: keyof Place, value: string) =>
    onChange(rows.map((p, j) => (j === i ? { ...p, [part]: value.toUpperCase().replace(/[^A-Z0-9]/g, '') } : p)));
  const listError = error('jurisdictions');
  return (
    <fieldset id="jurisdictions" class={`places-field${listError ? ' checks--error' : ''}`}
      aria-describedby={`jurisdictions-hint${listError ? ' jurisdictions-error' : ''}`}>
      <legend>{t('practice.places')}</legend>
      <p class="hint" id="jurisdictions-hint">{t('practice.placesHint')}</p>
      {rows.map((p, i) => {
        const country = placeError(i, 'country');
        const region = placeError(i, 'region');
        const known = /^[A-Z]{2}$/.test(p.country) ? nameOf('region', p.country) : undefined;
        return (
          <div key={i} class="place-row" role="group" aria-label={t('practice.placeN', { n: i + 1 })}>
            <TextField id={country} label={t('practice.country')} value={p.country} maxLength={2} autocomplete="off"
              onInput={(v) => change(i, 'country', v)} error={error(country)}
              note={known ?? (p.country.length === 2 ? t('practice.place.unknownCountry') : t('practice.countryHint'))} />
            <TextField id={region} label={t('practice.region')} value={p.region} maxLength={3} autocomplete="off"
              onInput={(v) => change(i, 'region', v)} error={error(region)}
              note={p.region && /^[A-Z]{2}$/.test(p.country) ? `${p.country}-${p.region}` : t('practice.regionHint')} />
            <IconButton icon="close" label={t('practice.removePlace', { n: i + 1 })} onClick={() => onChange(rows.filter((_, j) => j !== i))} />
          </div>
        );
      })}
      <button type="button" class="button button--quiet" disabled={rows.length >= LIMITS.list}
        onClick={() => onChange([...rows, { country: '', region: '' }])}>{t('practice.addPlace')}</button>
      {listError && <p class="error" id="jurisdictions-error" role="alert">{listError}</p>}
    </fieldset>
  );
}
