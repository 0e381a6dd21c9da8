// Today's question, answered privately; both answers appear together once both of you
// have answered — and the moment is marked, with a way to answer back in the chat.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { sendMessage } from '../../api/chat';
import { answerDaily, dailyHistory, getDaily, type DailyDay } from '../../api/daily';
import { formatDate, t } from '../../i18n';
import { Card, LoadError, Moment, Notice, Privacy, Skeleton, useAction } from '../../ui/components';
import { useDraft } from '../../ui/drafts';
import { useLive, useLiveReload } from '../../realtime/live';

// A calendar day ("2026-11-21") in words, in the person's language.
const dayInWords = (date: string) => formatDate(new Date(date + 'T12:00:00Z'));

const REACTIONS = ['react.love', 'react.smile', 'react.more'] as const;

// `highlight` marks the card as the person's next step; `onDay` hears of every change.
// `initial`: the day, already loaded by the page (the card then draws at once).
export function DailyCard({ partnerName, compact = false, highlight = false, onDay, initial }: {
  partnerName: string; compact?: boolean; highlight?: boolean; onDay?: (d: DailyDay) => void; initial?: DailyDay;
}) {
  const [day, setDay] = useState<DailyDay | ApiError | null>(initial ?? null);
  const [text, setText] = useDraft('daily');
  const [editing, setEditing] = useState(false);
  const [justRevealed, setJustRevealed] = useState(false);
  const wasRevealed = useRef<boolean | null>(null);
  const show = (d: DailyDay) => {
    if (wasRevealed.current === false && d.revealed) setJustRevealed(true);
    wasRevealed.current = d.revealed;
    setDay(d);
    onDay?.(d);
  };
  const load = () => getDaily().then((d) => { show(d); if (!text) setText(d.mine ?? ''); }, (e: ApiError) => setDay(e));
  useEffect(() => {
    if (initial) {
      wasRevealed.current = initial.revealed;
      if (!text) setText(initial.mine ?? '');
    } else void load();
  }, []);
  // The partner answered: refresh (keeping anything typed here).
  useLive('daily.changed', () => { void getDaily().then(show, () => {}); });
  useLiveReload(() => { void getDaily().then(show, () => {}); });
  const save = useAction(async () => {
    if (!(day && !(day instanceof ApiError))) return;
    const next = await answerDaily(day.date, text);
    show(next);
    setText('');
    setEditing(false);
  });

  if (day instanceof ApiError) return <LoadError error={day} retry={load} />;
  if (!day) return <Skeleton lines={3} label={t('daily.loading')} />;
  const asking = !day.revealed && (day.mine === null || editing);
  const body = (
    <>
      <p class="muted small">{dayInWords(day.date)}</p>
      <p class="daily__question" data-testid="daily-question">{day.question.text}</p>
      {day.revealed ? (
        <>
          {justRevealed && <Moment title={t('daily.revealedTitle')}>{t('daily.revealedBody', { name: partnerName })}</Moment>}
          <div class="reveal" data-testid="reveal" aria-live="polite">
            <div class="reveal__answer"><h3>{t('you')}</h3><p>{day.mine}</p></div>
            <div class="reveal__answer reveal__answer--partner"><h3>{partnerName}</h3><p>{day.partner}</p></div>
          </div>
          <Reactions day={day} partnerName={partnerName} />
        </>
      ) : asking ? (
        <form onSubmit={save.submit} noValidate>
          {save.generalError && <Notice kind="error">{save.generalError}</Notice>}
          <div class="field">
            <label for="daily-answer">{t('daily.yourAnswer')}</label>
            <textarea id="daily-answer" rows={compact ? 3 : 4} maxLength={2000} value={text}
              onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} aria-describedby="daily-privacy" />
            {save.error?.fieldMessage('text') && <p class="error" role="alert">{save.error.fieldMessage('text')}</p>}
          </div>
          <button class="button" type="submit" disabled={save.busy || text.trim() === ''}>{t('daily.save')}</button>
        </form>
      ) : (
        <div>
          <p><strong>{t('daily.yourAnswerWas')}</strong> {day.mine}</p>
          <button type="button" class="link-button" onClick={() => { setText(day.mine ?? ''); setEditing(true); }}>{t('daily.change')}</button>
        </div>
      )}
      {!day.revealed && (
        <p class="muted" aria-live="polite">
          {day.partner_answered
            ? day.mine === null ? t('daily.partnerAnsweredYouNot', { name: partnerName }) : t('daily.bothSoon')
            : day.mine === null ? t('daily.partnerNotYet', { name: partnerName }) : t('daily.waiting', { name: partnerName })}
        </p>
      )}
      <Privacy>
        <span id="daily-privacy">{day.revealed ? t('daily.privacyRevealed') : t('daily.privacyHidden', { name: partnerName })}</span>
      </Privacy>
    </>
  );
  if (highlight)
    return (
      <section class="next" aria-labelledby="daily-title" data-testid="next-step">
        <p class="next__label">{t('next.label')}</p>
        <h2 id="daily-title">{t('daily.title')}</h2>
        {body}
      </section>
    );
  return <Card title={t('daily.title')} id="daily-title">{body}</Card>;
}

// Answering back: a reaction or a reply goes to the couple's chat, quoting the question.
function Reactions({ day, partnerName }: { day: DailyDay; partnerName: string }) {
  const [sent, setSent] = useState<string | null>(null);
  const react = useAction(async (key: (typeof REACTIONS)[number]) => {
    await sendMessage(t('react.message', { reaction: t(key), question: day.question.text }));
    setSent(t(key));
  });
  return (
    <div class="reactions" role="group" aria-label={t('react.label', { name: partnerName })}>
      {sent ? (
        <p class="muted" role="status">{t('react.sent', { name: partnerName })} <a href="/connect/chat">{t('react.openChat')}</a></p>
      ) : (
        <>
          {REACTIONS.map((r) => (
            <button key={r} type="button" class="chip" disabled={react.busy} onClick={() => react.run(r)}>{t(r)}</button>
          ))}
          <a class="chip" href="/connect/chat">{t('react.reply')}</a>
        </>
      )}
      {react.generalError && <Notice kind="error">{react.generalError}</Notice>}
    </div>
  );
}

export function DailyPage({ partnerName }: { partnerName: string }) {
  const [days, setDays] = useState<DailyDay[] | ApiError | null>(null);
  // The earlier days are drawn once today's card has its full height, so they never
  // jump down the page as it loads.
  const [todayShown, setTodayShown] = useState(false);
  const load = () => dailyHistory().then(setDays, (e: ApiError) => setDays(e));
  useEffect(() => { void load(); }, []);
  return (
    <>
      <DailyCard partnerName={partnerName} onDay={() => setTodayShown(true)} />
      {todayShown && <Card title={t('daily.earlier')} id="history-title">
        {days instanceof ApiError ? <LoadError error={days} retry={load} /> : days === null ? <Skeleton lines={2} /> : days.length === 0 ? <p class="muted">{t('daily.earlierEmpty')}</p> : (
          <ul class="history">
            {days.map((d) => (
              <li key={d.date}>
                <p class="muted small">{dayInWords(d.date)}</p>
                <p class="daily__question">{d.question.text}</p>
                {d.revealed ? (
                  <p><strong>{t('you')}:</strong> {d.mine}<br /><strong>{partnerName}:</strong> {d.partner}</p>
                ) : (
                  <p class="muted">
                    {d.mine ? t('daily.youAnswered', { answer: d.mine }) : t('daily.notAnswered')}
                    {d.partner_answered && !d.mine ? ` · ${t('daily.partnerAnswered', { name: partnerName })}` : ''}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>}
    </>
  );
}
