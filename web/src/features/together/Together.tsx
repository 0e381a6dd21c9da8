// Together time: the plan (proposed by one, accepted by the other), tonight with its
// calm timer, reflections afterwards, the week as a row of days, and the calendar feed
// and reminders. Times are shown in this device's zone; the plan lives in the couple's.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, onWaitingChange } from '../../api/client';
import { getCouple, partnerName } from '../../api/couples';
import { guides as loadGuides, type GuideStep } from '../../api/conversations';
import {
  answerPlan, endPlan, finishTimer, getTogether, moveEvening, proposePlan, cancelReflection, isReflectionWaiting, reflectWhenOnline, restoreEvening, setGoal, skipEvening,
  startTimer, type Evening, type Plan, type Together, type Week,
} from '../../api/together';
import { formatDay, formatNumber, formatTime, formatWeekday, t, type Key } from '../../i18n';
import { Card, LoadError, Moment, Notice, Privacy, QuickExitButton, Skeleton, Toggle, useAction } from '../../ui/components';
import { Icon } from '../../ui/icons';
import { useLive, useLiveReload } from '../../realtime/live';
import { CalendarAndReminders } from './Calendar';

// The timer may start from three hours before an evening until six after (the server's rule).
const EARLY = 3 * 3600_000;
const LATE = 6 * 3600_000;

export function useTogether() {
  const [data, setData] = useState<Together | ApiError | null>(null);
  // Only the newest load's answer is shown: an older one that arrives late is stale.
  const latest = useRef(0);
  const load = () => {
    const n = ++latest.current;
    return getTogether().then((d) => { if (n === latest.current) setData(d); }, (e: ApiError) => { if (n === latest.current) setData(e); });
  };
  useEffect(() => { void load(); }, []);
  useLive('together.changed', () => { void load(); });
  useLiveReload(() => { void load(); });
  return { data, load };
}

function useNow(everyMs = 1000) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

export function TogetherPage() {
  const { data, load } = useTogether();
  const [partner, setPartner] = useState(t('partner.fallback'));
  useEffect(() => { getCouple().then((c) => setPartner(partnerName(c) ?? t('partner.fallback')), () => {}); }, []);
  return (
    <main id="main">
      <h1>{t('together.title')}</h1>
      {data instanceof ApiError ? <LoadError error={data} retry={load} /> : data === null ? <Skeleton lines={6} /> : (
        <TogetherBody data={data} partner={partner} reload={load} />
      )}
    </main>
  );
}

function TogetherBody({ data, partner, reload }: { data: Together; partner: string; reload: () => void }) {
  const active = data.plans.find((p) => p.kind === 'recurring') ?? data.plans[0];
  const [proposing, setProposing] = useState(false);
  return (
    <>
      {data.proposal && <Proposal plan={data.proposal} partner={partner} onChange={reload} onCounter={() => setProposing(true)} />}
      {data.next && <Tonight evening={data.next} partner={partner} onChange={reload} />}
      {(proposing || (!active && !data.proposal)) ? (
        <ProposeForm partner={partner} zone={data.time_zone} onDone={() => { setProposing(false); reload(); }}
          onCancel={active || data.proposal ? () => setProposing(false) : undefined} />
      ) : active && (
        <Card title={t('together.planTitle')} id="plan-title">
          <p data-testid="plan">{describePlan(active)}</p>
          <Privacy>{t('together.planPrivacy', { name: partner })}</Privacy>
          <div class="row">
            <button type="button" class="button button--quiet" onClick={() => setProposing(true)}>{t('together.change')}</button>
            <EndPlan plan={active} onDone={reload} />
          </div>
        </Card>
      )}
      {data.to_reflect.filter((e) => !e.reflection.mine || Date.parse(e.start) > Date.now() - 2 * 86400_000).slice(0, 3).map((e) => (
        // A new card once the server has my reflection: it opens as saved, however it got there.
        <ReflectCard key={`${e.plan_id}/${e.occurrence}/${e.reflection.mine ? 'saved' : 'new'}`} evening={e} partner={partner} onDone={reload} />
      ))}
      {data.streak.weeks.some((w) => w.planned > 0) && <StreakCard streak={data.streak} onChange={reload} />}
      {(data.upcoming.length > 1 || data.skipped.length > 0) && (
        <Upcoming evenings={data.upcoming.slice(1, 8)} skipped={data.skipped} onChange={reload} />
      )}
      <CalendarAndReminders />
    </>
  );
}

// "Every night at 21:30 for 30 minutes", in this device's time.
export function describePlan(p: Plan): string {
  const at = new Date(p.start);
  const minutes = p.duration_minutes;
  if (p.kind === 'once') return t('together.once', { day: formatDay(at), time: formatTime(at), minutes });
  const days = /BYDAY=([A-Z,]+)/.exec(p.rrule)?.[1];
  if (days === 'MO,TU,WE,TH,FR') return t('together.weekdays', { time: formatTime(at), minutes });
  if (days === 'SA,SU') return t('together.weekends', { time: formatTime(at), minutes });
  if (/FREQ=WEEKLY/.test(p.rrule)) return t('together.weekly', { day: formatWeekday(at), time: formatTime(at), minutes });
  return t('together.nightly', { time: formatTime(at), minutes });
}

function Proposal({ plan, partner, onChange, onCounter }: { plan: Plan; partner: string; onChange: () => void; onCounter: () => void }) {
  const answer = useAction(async (a: 'accept' | 'decline' | 'withdraw') => { await answerPlan(plan.id, a); onChange(); });
  const mine = plan.proposed_by === 'me';
  return (
    <section class="next" aria-labelledby="proposal-title" data-testid="proposal">
      <p class="next__label">{mine ? t('together.waitingLabel') : t('together.proposalLabel')}</p>
      <h2 id="proposal-title">{mine ? t('together.youProposed', { name: partner }) : t('together.partnerProposed', { name: partner })}</h2>
      <p>{describePlan(plan)}</p>
      <div class="row">
        {mine ? (
          <button type="button" class="button button--quiet" disabled={answer.busy} onClick={() => answer.run('withdraw')}>{t('together.withdraw')}</button>
        ) : (
          <>
            <button type="button" class="button" disabled={answer.busy} onClick={() => answer.run('accept')}>{t('together.accept')}</button>
            <button type="button" class="button button--quiet" disabled={answer.busy} onClick={onCounter}>{t('together.counter')}</button>
            <button type="button" class="button button--quiet" disabled={answer.busy} onClick={() => answer.run('decline')}>{t('together.decline')}</button>
          </>
        )}
      </div>
      {answer.generalError && <Notice kind="error">{answer.generalError}</Notice>}
    </section>
  );
}

type Repeat = 'nightly' | 'weekdays' | 'weekends' | 'once';
const REPEAT_LABELS: Record<Repeat, Key> = {
  nightly: 'together.repeat.nightly', weekdays: 'together.repeat.weekdays', weekends: 'together.repeat.weekends', once: 'together.repeat.once',
};
const RULES: Record<Repeat, string> = { nightly: 'FREQ=DAILY', weekdays: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', weekends: 'FREQ=WEEKLY;BYDAY=SA,SU', once: '' };

// Today's date in `zone`, "YYYY-MM-DD".
function todayIn(zone: string, plusDays = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(Date.now() + plusDays * 86400_000));
}

function ProposeForm({ partner, zone, onDone, onCancel }: { partner: string; zone: string; onDone: () => void; onCancel?: () => void }) {
  const [repeat, setRepeat] = useState<Repeat>('nightly');
  const [time, setTime] = useState('21:30');
  const [date, setDate] = useState(todayIn(zone, 1));
  const [minutes, setMinutes] = useState(30);
  const propose = useAction(async () => {
    const day = repeat === 'once' ? date : todayIn(zone);
    await proposePlan({ rrule: RULES[repeat], start_local: `${day}T${time}`, duration_minutes: minutes });
    onDone();
  });
  const sameZone = Intl.DateTimeFormat().resolvedOptions().timeZone === zone;
  const field = (name: string) => propose.error?.fields.find((f) => f.field === name)?.message;
  return (
    <Card title={t('together.proposeTitle')} id="propose-title">
      <p>{t('together.proposeLead', { name: partner })}</p>
      <form onSubmit={propose.submit} class="stack">
        <fieldset class="options">
          <legend>{t('together.repeat')}</legend>
          {(['nightly', 'weekdays', 'weekends', 'once'] as Repeat[]).map((r) => (
            <label key={r} class="option">
              <input type="radio" name="repeat" value={r} checked={repeat === r} onChange={() => setRepeat(r)} />
              <span>{t(REPEAT_LABELS[r])}</span>
            </label>
          ))}
        </fieldset>
        {repeat === 'once' && (
          <div class="field">
            <label for="plan-date">{t('together.date')}</label>
            <input id="plan-date" type="date" value={date} min={todayIn(zone)} onInput={(e) => setDate((e.target as HTMLInputElement).value)} />
          </div>
        )}
        <div class="field">
          <label for="plan-time">{t('together.time')}</label>
          <input id="plan-time" type="time" value={time} required onInput={(e) => setTime((e.target as HTMLInputElement).value)}
            aria-describedby="plan-time-hint" />
          <p class="hint" id="plan-time-hint">{sameZone ? t('together.timeHint') : t('together.timeHintZone', { zone })}</p>
          {field('start_local') && <p class="error" role="alert">{field('start_local')}</p>}
        </div>
        <div class="field">
          <label for="plan-minutes">{t('together.minutes')}</label>
          <select id="plan-minutes" value={String(minutes)} onChange={(e) => setMinutes(Number((e.target as HTMLSelectElement).value))}>
            {[15, 20, 30, 45, 60, 90].map((m) => <option key={m} value={m}>{t('together.minutesOption', { minutes: m })}</option>)}
          </select>
        </div>
        {propose.generalError && <Notice kind="error">{propose.generalError}</Notice>}
        <div class="row">
          <button type="submit" class="button" disabled={propose.busy}>{t('together.propose', { name: partner })}</button>
          {onCancel && <button type="button" class="button button--quiet" onClick={onCancel}>{t('cancel')}</button>}
        </div>
      </form>
    </Card>
  );
}

function EndPlan({ plan, onDone }: { plan: Plan; onDone: () => void }) {
  const [asking, setAsking] = useState(false);
  const end = useAction(async () => { await endPlan(plan.id); onDone(); });
  if (!asking) return <button type="button" class="button button--quiet" onClick={() => setAsking(true)}>{t('together.stop')}</button>;
  return (
    <div role="group" aria-label={t('together.stopConfirm')}>
      <p>{t('together.stopConfirm')}</p>
      <button type="button" class="button" disabled={end.busy} onClick={() => end.run()}>{t('together.stopYes')}</button>
      <button type="button" class="button button--quiet" onClick={() => setAsking(false)}>{t('cancel')}</button>
      {end.generalError && <Notice kind="error">{end.generalError}</Notice>}
    </div>
  );
}

// "in 2 hours", "in 5 minutes", "now".
function countdown(ms: number): string {
  if (ms <= 0) return t('together.now');
  const minutes = Math.round(ms / 60000);
  if (minutes < 60) return t('together.inMinutes', { count: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 24) return t('together.inHours', { count: hours });
  return t('together.inDays', { count: Math.round(hours / 24) });
}

// Tonight (or the next evening): a gentle countdown, "we're starting", and the timer.
export function Tonight({ evening, partner, onChange, compact = false }: { evening: Evening; partner: string; onChange: () => void; compact?: boolean }) {
  const now = useNow(30_000);
  const start = Date.parse(evening.start);
  const end = Date.parse(evening.end);
  const canStart = now >= start - EARLY && now <= end + LATE;
  const starting = useAction(async () => { await startTimer(evening); onChange(); });
  const running = evening.session && !evening.session.finished_at;
  const done = evening.session?.finished_at;
  const title = now >= start - 12 * 3600_000 && formatDay(new Date(start)) === formatDay(new Date(now))
    ? t('together.tonight') : t('together.nextEvening');
  return (
    <section class="card tonight" aria-labelledby="tonight-title" data-testid="tonight">
      <h2 id="tonight-title">{title}</h2>
      <p class="tonight__when">
        <Icon name="clock" /> <strong>{formatDay(new Date(start))}, {formatTime(new Date(start))}</strong>
        {' · '}{t('together.minutesOption', { minutes: evening.duration_minutes })}
      </p>
      {done ? <p>{t('together.didIt', { name: partner })}</p> : running ? null : <p class="muted">{countdown(start - now)}</p>}
      {running ? <PhonesDown evening={evening} partner={partner} onChange={onChange} />
        : !done && canStart && (
          <button type="button" class="button" disabled={starting.busy} onClick={() => starting.run()}>{t('together.start')}</button>
        )}
      {!running && !done && !canStart && compact && <a class="button button--quiet" href="/together">{t('together.open')}</a>}
      {starting.generalError && <Notice kind="error">{starting.generalError}</Notice>}
    </section>
  );
}

// The same prompt on both phones: chosen from the guided conversations by the evening.
function usePrompt(key: string): GuideStep | null {
  const [steps, setSteps] = useState<GuideStep[]>([]);
  useEffect(() => { loadGuides().then((g) => setSteps(g.flatMap((x) => x.steps)), () => {}); }, []);
  return useMemo(() => {
    if (!steps.length) return null;
    let h = 0;
    for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return steps[h % steps.length];
  }, [steps, key]);
}

// Phones down: a full-screen, dim timer both partners see, with an optional prompt.
function PhonesDown({ evening, partner, onChange }: { evening: Evening; partner: string; onChange: () => void }) {
  const now = useNow(1000);
  const [showPrompt, setShowPrompt] = useState(false);
  const prompt = usePrompt(evening.plan_id + evening.occurrence);
  const finish = useAction(async () => { await finishTimer(evening); onChange(); });
  // The screen changed under the person: say where they are now.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => { heading.current?.focus(); }, []);
  const total = evening.duration_minutes * 60_000;
  const left = Math.max(0, Date.parse(evening.session!.started_at) + total - now);
  const mm = Math.floor(left / 60000);
  const ss = Math.floor((left % 60000) / 1000);
  return (
    <div class="phones-down" role="dialog" aria-modal="true" aria-labelledby="phones-down-title" data-testid="timer">
      <div class="phones-down__exit"><QuickExitButton /></div>
      <h2 id="phones-down-title" tabIndex={-1} ref={heading}>{t('together.phonesDown')}</h2>
      <p class="phones-down__time" role="timer" aria-label={t('together.timeLeft', { minutes: mm })}>
        {String(mm).padStart(2, '0')}:{String(ss).padStart(2, '0')}
      </p>
      <p class="phones-down__hint">{left > 0 ? t('together.phonesDownHint', { name: partner }) : t('together.timeUp')}</p>
      {prompt && (showPrompt ? <blockquote class="phones-down__prompt">{prompt.prompt}</blockquote> : (
        <button type="button" class="button button--quiet" onClick={() => setShowPrompt(true)}>{t('together.prompt')}</button>
      ))}
      <button type="button" class="button" disabled={finish.busy} onClick={() => finish.run()}>{t('together.weDidIt')}</button>
      {finish.generalError && <Notice kind="error">{finish.generalError}</Notice>}
    </div>
  );
}

function ReflectCard({ evening, partner, onDone }: { evening: Evening; partner: string; onDone: () => void }) {
  const r = evening.reflection;
  const [happened, setHappened] = useState<boolean | null>(r.mine?.happened ?? null);
  const [closeness, setCloseness] = useState<number | null>(r.mine?.closeness ?? null);
  const [note, setNote] = useState(r.mine?.note ?? '');
  const [shared, setShared] = useState(r.mine?.note_shared ?? false);
  const [editing, setEditing] = useState(!r.mine);
  // Saved while rekindle cannot be reached: it waits in this page's memory and is sent
  // when rekindle is back, unless the person says not to.
  const [waiting, setWaiting] = useState(() => isReflectionWaiting(evening));
  useEffect(() => onWaitingChange(() => setWaiting(isReflectionWaiting(evening))), [evening.plan_id, evening.occurrence]);
  const save = useAction(async () => {
    if (happened === null) return;
    await reflectWhenOnline(evening, { happened, closeness: happened && closeness ? closeness : undefined, note, note_shared: shared });
    setEditing(false);
    onDone();
  });
  const when = `${formatDay(new Date(evening.start))}, ${formatTime(new Date(evening.start))}`;
  const id = `reflect-${evening.occurrence.replace(/\W/g, '')}`;
  return (
    <section class="card" aria-labelledby={id} data-testid="reflect">
      <h2 id={id}>{t('together.reflectTitle', { when })}</h2>
      {r.both_reflected && (
        <Moment title={t('together.bothReflected')}>
          {r.partner_closeness !== null ? t('together.partnerCloseness', { name: partner, n: formatNumber(r.partner_closeness) }) : t('together.partnerNoNumber', { name: partner })}
        </Moment>
      )}
      {!r.both_reflected && r.partner_reflected && <p class="muted">{t('together.partnerReflected', { name: partner })}</p>}
      {r.partner_note && <blockquote class="note" data-testid="partner-note">{r.partner_note}</blockquote>}
      {editing ? (
        <form class="stack" onSubmit={save.submit}>
          <fieldset class="options options--row">
            <legend>{t('together.happened')}</legend>
            {[true, false].map((v) => (
              <label key={String(v)} class="option">
                <input type="radio" name={`${id}-happened`} checked={happened === v} onChange={() => setHappened(v)} />
                <span>{v ? t('yes') : t('no')}</span>
              </label>
            ))}
          </fieldset>
          {happened && (
            <fieldset class="closeness">
              <legend>{t('together.closeness')}</legend>
              <div class="closeness__buttons">
                {Array.from({ length: 10 }, (_, i) => i + 1).map((n) => (
                  <button key={n} type="button" class="closeness__button" aria-pressed={closeness === n} onClick={() => setCloseness(n)}>{formatNumber(n)}</button>
                ))}
              </div>
              <p class="hint">{t('together.closenessHint')}</p>
            </fieldset>
          )}
          <div class="field">
            <label for={`${id}-note`}>{t('together.note')}</label>
            <textarea id={`${id}-note`} rows={3} maxLength={2000} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
          </div>
          <Toggle id={`${id}-share`} label={t('together.shareNote', { name: partner })} checked={shared} onChange={setShared} />
          <Privacy>{shared ? t('together.notePrivacyShared', { name: partner }) : t('together.notePrivacy')}</Privacy>
          {waiting ? (
            <Notice>
              <span data-testid="reflection-waiting">{t('together.reflectionWaiting')}</span>{' '}
              <button type="button" class="link-button" onClick={() => cancelReflection(evening)}>{t('together.reflectionDontSend')}</button>
            </Notice>
          ) : save.generalError && <Notice kind="error">{save.generalError}</Notice>}
          <button type="submit" class="button" disabled={save.busy || happened === null}>{t('together.saveReflection')}</button>
        </form>
      ) : (
        <>
          <p>{t('together.youReflected')}</p>
          <button type="button" class="button button--quiet" onClick={() => setEditing(true)}>{t('together.editReflection')}</button>
        </>
      )}
    </section>
  );
}

const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

// The week as a row of days and a count of good weeks: no guilt, nothing about a miss.
export function WeekRow({ week }: { week: Week }) {
  const monday = new Date(`${week.monday}T12:00:00Z`);
  const names = week.days.map((_, i) => formatWeekday(new Date(monday.getTime() + i * 86400_000), 'short', 'UTC'));
  const text = t('together.weekText', { met: week.met, count: week.planned });
  return (
    <figure class="week" data-testid="week">
      <ol class="week__days" aria-hidden="true">
        {week.days.map((d, i) => (
          <li key={DAY_KEYS[i]} class={`week__day week__day--${d}`}>
            <span class="week__dot">{d === 'met' ? <Icon name="check" size={14} /> : null}</span>
            <span class="week__name">{names[i]}</span>
          </li>
        ))}
      </ol>
      <figcaption class="muted">{text}</figcaption>
    </figure>
  );
}

function StreakCard({ streak, onChange }: { streak: Together['streak']; onChange: () => void }) {
  const current = streak.weeks[streak.weeks.length - 1];
  const goal = useAction(async (n: number) => { await setGoal(n); onChange(); });
  return (
    <Card title={t('together.weekTitle')} id="week-title">
      {current && current.planned > 0 && <WeekRow week={current} />}
      <p data-testid="good-weeks">
        {streak.good_in_a_row > 0 ? t('together.inARow', { count: streak.good_in_a_row }) : t('together.goodWeeks', { count: streak.good_weeks })}
      </p>
      <div class="field">
        <label for="goal">{t('together.goal')}</label>
        <select id="goal" value={String(streak.per_week)} disabled={goal.busy}
          onChange={(e) => goal.run(Number((e.target as HTMLSelectElement).value))}>
          {[1, 2, 3, 4, 5, 6, 7].map((n) => <option key={n} value={n}>{t('together.goalOption', { count: n })}</option>)}
        </select>
        <p class="hint">{t('together.goalHint')}</p>
      </div>
      {goal.generalError && <Notice kind="error">{goal.generalError}</Notice>}
    </Card>
  );
}

function Upcoming({ evenings, skipped, onChange }: { evenings: Evening[]; skipped: Together['skipped']; onChange: () => void }) {
  return (
    <Card title={t('together.upcoming')} id="upcoming-title">
      <ul class="evenings">
        {evenings.map((e) => <UpcomingEvening key={`${e.plan_id}/${e.occurrence}`} evening={e} onChange={onChange} />)}
        {skipped.map((e) => <SkippedEvening key={`${e.plan_id}/${e.occurrence}`} evening={e} onChange={onChange} />)}
      </ul>
    </Card>
  );
}

function SkippedEvening({ evening, onChange }: { evening: Together['skipped'][number]; onChange: () => void }) {
  const restore = useAction(async () => { await restoreEvening(evening); onChange(); });
  const start = new Date(evening.start);
  const label = `${formatDay(start)}, ${formatTime(start)}`;
  return (
    <li class="evening evening--skipped" data-testid="skipped">
      <span>{label} · {t('together.skipped')}</span>
      <button type="button" class="link-button" disabled={restore.busy} onClick={() => restore.run()}
        aria-label={t('together.restoreLabel', { when: label })}>{t('together.restore')}</button>
      {restore.generalError && <Notice kind="error">{restore.generalError}</Notice>}
    </li>
  );
}

function UpcomingEvening({ evening, onChange }: { evening: Evening; onChange: () => void }) {
  const [moving, setMoving] = useState(false);
  const [time, setTime] = useState(evening.start_local.slice(11));
  const skip = useAction(async () => { await skipEvening(evening); onChange(); });
  const move = useAction(async () => { await moveEvening(evening, `${evening.start_local.slice(0, 10)}T${time}`); setMoving(false); onChange(); });
  const restore = useAction(async () => { await restoreEvening(evening); onChange(); });
  const start = new Date(evening.start);
  const label = `${formatDay(start)}, ${formatTime(start)}`;
  const error = skip.generalError ?? move.generalError ?? move.error?.fields[0]?.message ?? restore.generalError;
  return (
    <li class="evening">
      <span>{label}{evening.moved ? ` · ${t('together.moved')}` : ''}</span>
      {moving ? (
        <form class="row" onSubmit={move.submit}>
          <label class="sr-only" for={`move-${evening.occurrence}`}>{t('together.moveTo', { when: label })}</label>
          <input id={`move-${evening.occurrence}`} type="time" value={time} onInput={(e) => setTime((e.target as HTMLInputElement).value)} />
          <button type="submit" class="button button--small" disabled={move.busy}>{t('together.move')}</button>
          <button type="button" class="button button--quiet button--small" onClick={() => setMoving(false)}>{t('cancel')}</button>
        </form>
      ) : (
        <span class="row">
          {evening.moved
            ? <button type="button" class="link-button" onClick={() => restore.run()} aria-label={t('together.restoreLabel', { when: label })}>{t('together.restore')}</button>
            : <button type="button" class="link-button" onClick={() => setMoving(true)} aria-label={t('together.moveLabel', { when: label })}>{t('together.move')}</button>}
          <button type="button" class="link-button" disabled={skip.busy} onClick={() => skip.run()} aria-label={t('together.skipLabel', { when: label })}>{t('together.skip')}</button>
        </span>
      )}
      {error && <Notice kind="error">{error}</Notice>}
    </li>
  );
}
