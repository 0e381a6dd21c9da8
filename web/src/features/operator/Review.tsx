// One therapist's profile for an operator: everything they wrote (and their photo), the
// licence checks recorded, and what can be decided now — approve or refuse a submitted
// profile, suspend an approved one, reinstate a suspended one. Each decision answers with
// the profile as it is now.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import {
  approve, getTherapist, LIMITS, photoUrl, recordCheck, refuse, reinstate, suspend, type TherapistReview,
} from '../../api/operator';
import { formatDate, formatList, formatNumber, formatWeekday, t } from '../../i18n';
import { Card, Notice, Skeleton, TextField, useAction } from '../../ui/components';
import { Icon } from '../../ui/icons';
import { History } from './Audit';
import { Blocked, Frame, toApiError } from './Operator';
import {
  approachWords, credentialWord, genderWord, languageNames, modalityWords, placeNames, specialtyWords, STATUS_WORDS,
} from './words';

// A day ('YYYY-MM-DD') in words.
export const dayWords = (day: string) => formatDate(`${day}T12:00:00Z`);
const today = () => new Date().toISOString().slice(0, 10);

export function Review({ id }: { id: string }) {
  const [data, setData] = useState<TherapistReview | ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [epoch, setEpoch] = useState(0);
  const load = () => getTherapist(id).then(setData, (e) => setData(toApiError(e)));
  useEffect(() => { void load(); }, [id]);
  // A change answers with the profile as it is now; the decision (and an error it showed)
  // and the history below start afresh.
  const changed = (profile: TherapistReview, message: string) => {
    setData(profile);
    setDone(message);
    setEpoch((n) => n + 1);
  };
  const back = <p><a href="/operator" class="back-link"><Icon name="back" size={18} />{t('operator.all')}</a></p>;
  if (data instanceof ApiError)
    return <Frame title={t('operator.title')} tab="/operator">{back}<Blocked error={data} retry={() => { setData(null); void load(); }} /></Frame>;
  if (!data) return <Frame title={t('operator.title')} tab="/operator">{back}<Skeleton lines={4} label={t('operator.loading')} /></Frame>;
  const p = data;
  return (
    <Frame title={p.full_name || t('operator.unnamed')} tab="/operator">
      {back}
      <p>
        <span class="badge" data-testid="profile-status">{t(STATUS_WORDS[p.status])}</span>{' '}
        {p.verification_ended ? <span class="badge badge--warning">{t('operator.ended')}</span>
          : p.verified_until && p.status === 'approved' && <span class="muted">{t('operator.verifiedUntil', { date: dayWords(p.verified_until) })}</span>}
      </p>
      {done && <Notice kind="success">{done}</Notice>}
      <Decision key={epoch} profile={p} onChanged={changed} />
      <Checks profile={p} onChanged={changed} />
      <Profile profile={p} />
      <History key={epoch} object={{ type: 'therapist', id: p.id }} />
    </Frame>
  );
}

// What the therapist wrote, as a list of facts.
function Profile({ profile: p }: { profile: TherapistReview }) {
  const minutes = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  // 2024-01-01 was a Monday: weekday 1..7 as a date in that week.
  const weekday = (n: number) => formatWeekday(new Date(Date.UTC(2024, 0, n, 12)), 'long', 'UTC');
  const facts: [string, string][] = [
    [t('operator.email'), p.email ?? '—'],
    [t('operator.credential'), p.credential ? credentialWord(p.credential) : '—'],
    [t('operator.licenceNumber'), p.licence_number || '—'],
    [t('operator.licensingBody'), p.licensing_body || '—'],
    [t('operator.jurisdictions'), formatList(placeNames(p.jurisdictions)) || '—'],
    [t('operator.languages'), formatList(languageNames(p.languages)) || '—'],
    [t('operator.modalities'), formatList(modalityWords(p.modalities)) || '—'],
    [t('operator.specialties'), formatList(specialtyWords(p.specialties)) || '—'],
    [t('operator.approaches'), formatList(approachWords(p.approaches)) || '—'],
    [t('operator.gender'), genderWord(p.gender)],
    [t('operator.fee'), formatNumber(p.fee / 100, 2)],
    [t('operator.session'), t('operator.minutes', { count: p.session_minutes })],
    [t('operator.capacity'), formatNumber(p.capacity)],
    [t('operator.timeZone'), p.time_zone],
    [t('operator.notice'), t('operator.noticeHours', { cancel: p.cancel_hours, move: p.reschedule_hours })],
    [t('operator.hours'), formatList(p.hours.map((h) => `${weekday(h.weekday)} ${minutes(h.start_minute)}–${minutes(h.end_minute)}`)) || '—'],
    [t('operator.daysOff'), formatList(p.days_off.map(dayWords)) || '—'],
    [t('operator.submitted'), p.submitted_at ? formatDate(p.submitted_at, { time: true }) : '—'],
  ];
  return (
    <Card title={t('operator.profileTitle')} id="profile-title">
      {p.has_photo && <img class="profile-photo" src={photoUrl(p.id)} alt={t('operator.photoOf', { name: p.full_name })} width={160} />}
      <dl class="facts">
        {facts.map(([term, value]) => <div key={term}><dt>{term}</dt><dd>{value}</dd></div>)}
      </dl>
      <h3 class="compact-heading">{t('operator.bio')}</h3>
      <p class="journal__body">{p.bio || '—'}</p>
      {p.decision_reason && (
        <>
          <h3 class="compact-heading">{t('operator.reasonShown')}</h3>
          <p class="journal__body">{p.decision_reason}</p>
        </>
      )}
    </Card>
  );
}

// The licence checks recorded, and the form to record one.
function Checks({ profile: p, onChanged }: { profile: TherapistReview; onChanged: (p: TherapistReview, message: string) => void }) {
  const [body, setBody] = useState(p.licensing_body);
  const [on, setOn] = useState(today());
  const [reference, setReference] = useState('');
  const [until, setUntil] = useState('');
  const record = useAction(async () => {
    onChanged(await recordCheck(p.id, { licensing_body: body.trim(), verified_on: on, reference: reference.trim(), expires_on: until }),
      t('operator.checkRecorded'));
    setReference('');
    setUntil('');
  });
  const error = record.error;
  return (
    <Card title={t('operator.checksTitle')} id="checks-title">
      {p.verifications.length === 0 ? <p>{t('operator.noChecks')}</p> : (
        <ul class="entries" data-testid="checks">
          {p.verifications.map((v) => (
            <li key={v.id} class="entry">
              <p><strong>{v.licensing_body}</strong> · {t('operator.reference', { reference: v.reference })}</p>
              <p class="small">{t('operator.checkDates', { on: dayWords(v.verified_on), until: dayWords(v.expires_on) })}</p>
              <p class="small">
                {v.current && <span class="badge">{t('operator.current')}</span>}{' '}
                {!v.running && <span class="badge badge--warning">{t('operator.checkEnded')}</span>}
              </p>
            </li>
          ))}
        </ul>
      )}
      {p.status === 'draft' ? <p class="muted">{t('operator.draftNoChecks')}</p> : (
        <form onSubmit={record.submit} noValidate>
          <h3 class="compact-heading">{t('operator.recordTitle')}</h3>
          <p class="hint">{t('operator.recordHint')}</p>
          {record.generalError && <Notice kind="error">{record.generalError}</Notice>}
          <TextField id="check-body" label={t('operator.checkBody')} value={body} onInput={setBody} maxLength={LIMITS.body}
            error={error?.fieldMessage('licensing_body')} />
          <TextField id="check-on" type="date" label={t('operator.checkOn')} value={on} onInput={setOn}
            error={error?.fieldMessage('verified_on')} />
          <TextField id="check-reference" label={t('operator.checkReference')} hint={t('operator.checkReferenceHint')} value={reference}
            onInput={setReference} maxLength={LIMITS.reference} error={error?.fieldMessage('reference')} />
          <TextField id="check-until" type="date" label={t('operator.checkUntil')} value={until} onInput={setUntil}
            error={error?.fieldMessage('expires_on')} />
          <button type="submit" class="button" disabled={record.busy}>{t('operator.record')}</button>
        </form>
      )}
    </Card>
  );
}

// What can be decided about the profile in its status.
function Decision({ profile: p, onChanged }: { profile: TherapistReview; onChanged: (p: TherapistReview, message: string) => void }) {
  const current = p.verifications.find((v) => v.current);
  const approving = useAction(async () => onChanged(await approve(p.id), t('operator.approved')));
  const reinstating = useAction(async () => {
    const next = await reinstate(p.id);
    onChanged(next, next.status === 'approved' ? t('operator.reinstated') : t('operator.backToQueue'));
  });
  if (p.status === 'submitted')
    return (
      <Card title={t('operator.decideTitle')} id="decide-title">
        <p>{current?.running ? t('operator.approveRestsOn', { reference: current.reference, until: dayWords(current.expires_on) })
          : t('operator.approveNeedsCheck')}</p>
        {approving.generalError && <Notice kind="error">{approving.generalError}</Notice>}
        <button type="button" class="button" disabled={approving.busy} onClick={() => approving.run()}>{t('operator.approve')}</button>
        <WithReason id="refuse" label={t('operator.refuseReason')} hint={t('operator.refuseHint')} action={t('operator.refuse')}
          run={async (reason) => onChanged(await refuse(p.id, reason), t('operator.refused'))} />
      </Card>
    );
  if (p.status === 'approved')
    return (
      <Card title={t('operator.decideTitle')} id="decide-title">
        <p>{p.matchable ? t('operator.matchable') : t('operator.notMatchable')}</p>
        <WithReason id="suspend" label={t('operator.suspendReason')} hint={t('operator.suspendHint')} action={t('operator.suspend')}
          run={async (reason) => onChanged(await suspend(p.id, reason), t('operator.suspended'))} />
      </Card>
    );
  if (p.status === 'suspended')
    return (
      <Card title={t('operator.decideTitle')} id="decide-title">
        <p>{t('operator.reinstateHint')}</p>
        {reinstating.generalError && <Notice kind="error">{reinstating.generalError}</Notice>}
        <button type="button" class="button" disabled={reinstating.busy} onClick={() => reinstating.run()}>{t('operator.reinstate')}</button>
      </Card>
    );
  return (
    <Card title={t('operator.decideTitle')} id="decide-title">
      <p>{p.status === 'refused' ? t('operator.refusedNothing') : t('operator.draftNothing')}</p>
    </Card>
  );
}

// A decision that the therapist is told the reason of: a field for it, then the button.
function WithReason({ id, label, hint, action, run }: {
  id: string; label: string; hint: string; action: string; run: (reason: string) => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const act = useAction(() => run(reason.trim()));
  const error = act.error?.fieldMessage('reason');
  if (!open) return <button type="button" class="button button--quiet" onClick={() => setOpen(true)}>{action}</button>;
  return (
    <form class="confirm" onSubmit={act.submit} noValidate>
      {act.generalError && <Notice kind="error">{act.generalError}</Notice>}
      <div class={`field${error ? ' field--error' : ''}`}>
        <label for={`${id}-reason`}>{label}</label>
        <p class="hint" id={`${id}-reason-hint`}>{hint}</p>
        <textarea id={`${id}-reason`} rows={4} maxLength={LIMITS.reason} value={reason} aria-invalid={error ? 'true' : undefined}
          aria-describedby={`${id}-reason-hint${error ? ` ${id}-reason-error` : ''}`}
          onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
        {error && <p class="error" id={`${id}-reason-error`} role="alert">{error}</p>}
      </div>
      <button type="submit" class="button button--danger" disabled={act.busy || reason.trim() === ''}>{action}</button>
      <button type="button" class="button button--quiet" onClick={() => setOpen(false)}>{t('operator.cancel')}</button>
    </form>
  );
}
