// A partner's answers for matching: where they are, the languages and ways to meet that
// must fit, and what they would like. Each partner answers alone; the other sees only
// that they did.
import { useState } from 'preact/hooks';
import { DAY_PARTS, saveQuestionnaire, type Questionnaire } from '../../api/care';
import { APPROACHES, MODALITIES, SPECIALTIES } from '../../api/therapists';
import { currencyDigits, currencySymbol, decimalSeparator, nameOf, t, type Key } from '../../i18n';
import { ChoiceList, Notice, Privacy, SelectField, TextField, useAction } from '../../ui/components';
import { TimeZonePicker } from '../accounts/TimeZonePicker';
import { feeText, parseFee } from '../practice/fee';
import { APPROACH_WORDS, GENDER_WORDS, LANGUAGE_CHOICES, MODALITY_WORDS, SPECIALTY_WORDS } from '../practice/words';

const PART_WORDS: Record<(typeof DAY_PARTS)[number], Key> = {
  weekday_morning: 'care.times.weekdayMorning',
  weekday_afternoon: 'care.times.weekdayAfternoon',
  weekday_evening: 'care.times.weekdayEvening',
  weekend_morning: 'care.times.weekendMorning',
  weekend_afternoon: 'care.times.weekendAfternoon',
  weekend_evening: 'care.times.weekendEvening',
};

export function QuestionsForm({ start, currency, onSaved }: { start: Questionnaire | null; currency: string; onSaved: () => void }) {
  const [country, setCountry] = useState(start ? start.where.split('-')[0] : '');
  const [region, setRegion] = useState(start?.where.includes('-') ? start.where : '');
  const [languages, setLanguages] = useState<string[]>(start?.languages ?? []);
  const [modalities, setModalities] = useState<string[]>(start?.modalities ?? ['video']);
  const [specialties, setSpecialties] = useState<string[]>(start?.specialties ?? []);
  const [approaches, setApproaches] = useState<string[]>(start?.approaches ?? []);
  const [gender, setGender] = useState(start?.gender ?? '');
  const digits = currencyDigits(currency);
  const [maxFee, setMaxFee] = useState(start?.max_fee != null ? feeText(start.max_fee, digits, decimalSeparator()) : '');
  const [times, setTimes] = useState<string[]>(start?.times ?? []);
  const [zone, setZone] = useState(start?.time_zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [localError, setLocalError] = useState<Record<string, string>>({});
  const save = useAction(async () => {
    const errors: Record<string, string> = {};
    const c = country.trim().toUpperCase();
    const r = region.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(c)) errors.where = t('care.q.countryError');
    else if (r && !(r.startsWith(`${c}-`) && /^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(r))) errors.where = t('care.q.regionError', { country: c });
    const fee = maxFee.trim() === '' ? null : parseFee(maxFee, digits);
    if (maxFee.trim() !== '' && fee === null) errors.max_fee = t('care.q.feeError');
    setLocalError(errors);
    if (Object.keys(errors).length) return;
    await saveQuestionnaire({ where: r || c, languages, modalities, specialties, approaches, gender, max_fee: fee, times, time_zone: zone });
    onSaved();
  });
  const fieldError = (name: string) => localError[name] ?? save.error?.fields.find((f) => f.field === name)?.message;
  const words = (list: readonly string[], names: Record<string, Key>) => list.map((v) => ({ value: v, label: t(names[v]) }));
  return (
    <form class="card" onSubmit={(e) => { e.preventDefault(); void save.run(); }} data-testid="questions-form">
      <h2>{t('care.q.title')}</h2>
      <Privacy>{t('care.q.private')}</Privacy>
      <TextField id="q-country" label={t('care.q.country')} hint={t('care.q.countryHint')} value={country} onInput={setCountry}
        maxLength={2} error={fieldError('where')} />
      {country.length === 2 && nameOf('region', country.toUpperCase()) && <p class="hint">{nameOf('region', country.toUpperCase())}</p>}
      <TextField id="q-region" label={t('care.q.region')} hint={t('care.q.regionHint')} value={region} onInput={setRegion} maxLength={6} />
      <ChoiceList id="q-languages" legend={t('care.q.languages')} compact chosen={languages} onChange={setLanguages}
        options={LANGUAGE_CHOICES.map((l) => ({ value: l, label: nameOf('language', l) ?? l }))} error={fieldError('languages')} />
      <ChoiceList id="q-modalities" legend={t('care.q.modalities')} chosen={modalities} onChange={setModalities}
        options={words(MODALITIES, MODALITY_WORDS)} error={fieldError('modalities')} />
      <ChoiceList id="q-specialties" legend={t('care.q.specialties')} hint={t('care.q.optional')} chosen={specialties}
        onChange={setSpecialties} options={words(SPECIALTIES, SPECIALTY_WORDS)} />
      <ChoiceList id="q-approaches" legend={t('care.q.approaches')} hint={t('care.q.optional')} chosen={approaches}
        onChange={setApproaches} options={words(APPROACHES, APPROACH_WORDS)} />
      <SelectField id="q-gender" label={t('care.q.gender')} value={gender} onChange={setGender}
        options={[{ value: '', label: t('care.q.noPreference') }, ...(['woman', 'man', 'nonbinary'] as const).map((g) => ({ value: g, label: t(GENDER_WORDS[g]) }))]} />
      <TextField id="q-fee" label={t('care.q.maxFee', { currency: currencySymbol(currency) })} hint={t('care.q.optional')} value={maxFee}
        onInput={setMaxFee} inputMode="decimal" error={fieldError('max_fee')} />
      <ChoiceList id="q-times" legend={t('care.q.times')} hint={t('care.q.timesHint')} chosen={times} onChange={setTimes}
        options={words(DAY_PARTS, PART_WORDS)} />
      <TimeZonePicker value={zone} onChange={setZone} error={fieldError('time_zone')} />
      {save.generalError && <Notice kind="error">{save.generalError}</Notice>}
      <button type="submit" class="button" disabled={save.busy}>{t('care.q.save')}</button>
    </form>
  );
}
