// Today's question, answered privately; both answers appear together once both of you
// have answered.
import { useEffect, useState } from 'preact/hooks';
import { answerDaily, dailyHistory, getDaily, type DailyDay } from '../../api/daily';
import { Card, Notice, Privacy, useAction } from '../../ui/components';
import { useLive, useLiveReload } from '../../realtime/live';

function formatDate(date: string) {
  return new Date(date + 'T12:00:00Z').toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
}

export function DailyCard({ partnerName, compact = false }: { partnerName: string; compact?: boolean }) {
  const [day, setDay] = useState<DailyDay | null>(null);
  const [text, setText] = useState('');
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getDaily().then((d) => { setDay(d); setText(d.mine ?? ''); }, (e) => setError(e.detail));
  }, []);
  // The partner answered: refresh (keeping anything typed here).
  useLive('daily.changed', () => { void getDaily().then(setDay, () => {}); });
  useLiveReload(() => { void getDaily().then(setDay, () => {}); });
  const save = useAction(async () => {
    if (!day) return;
    const next = await answerDaily(day.date, text);
    setDay(next);
    setEditing(false);
  });

  if (error) return <Notice kind="error">{error}</Notice>;
  if (!day) return <p aria-busy="true">Loading today's question…</p>;
  const asking = !day.revealed && (day.mine === null || editing);
  return (
    <Card title="Today's question" id="daily-title">
      <p class="muted small">{formatDate(day.date)}</p>
      <p class="daily__question" data-testid="daily-question">{day.question.text}</p>
      {day.revealed ? (
        <div class="reveal" data-testid="reveal" aria-live="polite">
          <div class="reveal__answer"><h3>You</h3><p>{day.mine}</p></div>
          <div class="reveal__answer reveal__answer--partner"><h3>{partnerName}</h3><p>{day.partner}</p></div>
        </div>
      ) : asking ? (
        <form onSubmit={save.submit} noValidate>
          {save.generalError && <Notice kind="error">{save.generalError}</Notice>}
          <div class="field">
            <label for="daily-answer">Your answer</label>
            <textarea id="daily-answer" rows={compact ? 3 : 4} maxLength={2000} value={text}
              onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} aria-describedby="daily-privacy" />
            {save.error?.fieldMessage('text') && <p class="error" role="alert">{save.error.fieldMessage('text')}</p>}
          </div>
          <button class="button" type="submit" disabled={save.busy || text.trim() === ''}>Save my answer</button>
        </form>
      ) : (
        <div>
          <p><strong>Your answer:</strong> {day.mine}</p>
          <button type="button" class="link-button" onClick={() => setEditing(true)}>Change my answer</button>
        </div>
      )}
      {!day.revealed && (
        <p class="muted" aria-live="polite">
          {day.partner_answered
            ? `${partnerName} has answered. ${day.mine === null ? 'Answer to see what they wrote.' : 'Both answers appear together.'}`
            : day.mine === null ? `${partnerName} hasn't answered yet.` : `Waiting for ${partnerName}. You'll see both answers together.`}
        </p>
      )}
      <Privacy>
        <span id="daily-privacy">
          {day.revealed
            ? 'Only the two of you can see these answers.'
            : `Your answer stays hidden until ${partnerName} answers too. Then you both see both, and they can't be changed.`}
        </span>
      </Privacy>
    </Card>
  );
}

export function DailyPage({ partnerName }: { partnerName: string }) {
  const [days, setDays] = useState<DailyDay[] | null>(null);
  useEffect(() => { dailyHistory().then(setDays, () => setDays([])); }, []);
  return (
    <>
      <DailyCard partnerName={partnerName} />
      <Card title="Earlier days" id="history-title">
        {days === null ? <p aria-busy="true">Loading…</p> : days.length === 0 ? <p class="muted">Your earlier questions will gather here.</p> : (
          <ul class="history">
            {days.map((d) => (
              <li key={d.date}>
                <p class="muted small">{formatDate(d.date)}</p>
                <p class="daily__question">{d.question.text}</p>
                {d.revealed ? (
                  <p><strong>You:</strong> {d.mine}<br /><strong>{partnerName}:</strong> {d.partner}</p>
                ) : (
                  <p class="muted">{d.mine ? `You answered: ${d.mine}` : 'Not answered'}{d.partner_answered && !d.mine ? ` · ${partnerName} answered` : ''}</p>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
