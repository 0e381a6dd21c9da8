// Guided conversations: pick one, then go through it step by step together. Both of
// you see the same step and whose turn it is; a calm timer suggests the time. Notes are
// private unless the person chooses to share each one.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import {
  addNote, conversations, finishConversation, getConversation, guides, moveConversation, startConversation,
  type Conversation, type Guide,
} from '../../api/conversations';
import { formatDate, t } from '../../i18n';
import { Card, LoadError, Moment, Notice, Privacy, Skeleton, Toggle, useAction } from '../../ui/components';
import { useDraft } from '../../ui/drafts';
import { Icon } from '../../ui/icons';
import { useLive, useLiveReload } from '../../realtime/live';
import { navigate } from '../../ui/router';

export function Conversations({ partnerName, id }: { partnerName: string; id?: string }) {
  return id ? <Talk id={id} partnerName={partnerName} /> : <Overview />;
}

function Overview() {
  const [list, setList] = useState<Guide[] | ApiError | null>(null);
  const [past, setPast] = useState<Conversation[]>([]);
  const load = () => Promise.all([guides(), conversations()]).then(([g, c]) => { setList(g); setPast(c); }, (e: ApiError) => setList(e));
  useEffect(() => { void load(); }, []);
  // The partner started or finished one, or frames were missed: read the list again.
  useLive('conversation.changed', () => { void load(); });
  useLiveReload(() => { void load(); });
  const start = useAction(async (guide: string) => {
    const c = await startConversation(guide);
    navigate(`/connect/conversations/${c.id}`);
  });
  if (list instanceof ApiError) return <LoadError error={list} retry={load} />;
  if (!list) return <Skeleton lines={4} />;
  const active = past.find((c) => c.status === 'active');
  const finished = past.filter((c) => c.status === 'finished');
  return (
    <>
      {active && <Notice>{t('talk.going')} <a href={`/connect/conversations/${active.id}`}>{active.title}</a></Notice>}
      {start.generalError && <Notice kind="error">{start.generalError}</Notice>}
      {list.map((g) => (
        <Card key={g.id} title={g.title} id={`guide-${g.id}`}>
          <p>{g.description}</p>
          <p class="muted small">{t('talk.about', { count: g.steps.reduce((m, s) => m + s.minutes, 0) })}</p>
          <button type="button" class="button" disabled={start.busy || !!active} onClick={() => start.run(g.id)}>{t('talk.start')}</button>
        </Card>
      ))}
      {finished.length > 0 && (
        <Card title={t('talk.past')} id="past-title">
          <ul class="history">
            {finished.map((c) => (
              <li key={c.id}>
                <a href={`/connect/conversations/${c.id}`}>{c.title}</a>
                <span class="muted small"> · {formatDate(c.started_at)}</span>
                {c.shared_notes.length > 0 && <ul>{c.shared_notes.map((n) => <li key={n.id}>{n.text}</li>)}</ul>}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}

// Counts down the step's suggested time; remounted (key) for each step.
function Timer({ minutes }: { minutes: number }) {
  const [left, setLeft] = useState(minutes * 60);
  const [running, setRunning] = useState(false);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setLeft((s) => Math.max(0, s - 1)), 1000);
    return () => clearInterval(timer);
  }, [running]);
  const mm = Math.floor(left / 60);
  const ss = String(left % 60).padStart(2, '0');
  return (
    <div class="timer">
      <span class="timer__time" role="timer" aria-live="off">{mm}:{ss}</span>
      <span class="muted small">{left === 0 ? t('talk.timeUp') : t('talk.about', { count: minutes })}</span>
      <button type="button" class="button button--quiet" onClick={() => setRunning(!running)}>{running ? t('talk.pause') : t('talk.timer')}</button>
    </div>
  );
}

function minutesBetween(from: string, to: string | null): number {
  if (!to) return 0;
  return Math.max(1, Math.round((new Date(to).getTime() - new Date(from).getTime()) / 60000));
}

function Talk({ id, partnerName }: { id: string; partnerName: string }) {
  const [c, setC] = useState<Conversation | ApiError | null>(null);
  const [note, setNote] = useDraft(`note-${id}`);
  const [shared, setShared] = useState(false);
  const [justFinished, setJustFinished] = useState(false);
  const load = () => getConversation(id).then(setC, (e: ApiError) => setC(e));
  const refresh = () => { void getConversation(id).then((next) => setC((prev) => {
    if (prev && !(prev instanceof ApiError) && prev.status === 'active' && next.status === 'finished') setJustFinished(true);
    return next;
  }), () => {}); };
  useEffect(() => {
    void load();
    // Live frames bring the partner's moves at once; a slow poll covers a lost connection.
    const timer = setInterval(refresh, 30000);
    return () => clearInterval(timer);
  }, [id]);
  useLive('conversation.changed', (f) => { if (f.id === id) refresh(); }, [id]);
  useLiveReload(refresh, [id]);
  const conversation = c instanceof ApiError ? null : c;
  const move = useAction(async (to: number) => {
    if (!conversation) return;
    try {
      setC(await moveConversation(conversation.id, conversation.step, to));
    } catch (e) {
      await load();
      throw e;
    }
  });
  const save = useAction(async () => {
    await addNote(id, note, shared);
    setNote('');
    setShared(false);
    await load();
  });
  const finish = useAction(async () => {
    setC(await finishConversation(id));
    setJustFinished(true);
  });

  if (c instanceof ApiError) return <LoadError error={c} retry={load} />;
  if (!c) return <Skeleton lines={4} />;
  const turn = c.current?.turn;
  return (
    <>
      <p><a href="/connect/conversations" class="back-link"><Icon name="back" size={18} />{t('talk.all')}</a></p>
      <h2>{c.title}</h2>
      {c.status === 'active' && c.current ? (
        <Card>
          <p class="muted small">{t('talk.step', { step: c.step + 1, total: c.steps_total })}</p>
          <p class="turn" data-testid="turn">
            {turn === 'both' ? t('talk.together') : turn === 'me' ? t('talk.yourTurn') : t('talk.partnerTurn', { name: partnerName })}
          </p>
          <p class="daily__question">{c.current.prompt}</p>
          <p class="muted">{turn === 'me' ? `${partnerName}: ${c.current.listener}` : turn === 'partner' ? `${t('you')}: ${c.current.listener}` : c.current.listener}</p>
          <Timer key={`${c.id}-${c.step}`} minutes={c.current.minutes} />
          {move.generalError && <Notice>{move.generalError}</Notice>}
          <div class="check__nav check__nav--sticky">
            <button type="button" class="button button--quiet" disabled={c.step === 0 || move.busy} onClick={() => move.run(c.step - 1)}>{t('talk.back')}</button>
            {c.step + 1 < c.steps_total ? (
              <button type="button" class="button" disabled={move.busy} onClick={() => move.run(c.step + 1)}>{t('talk.next')}</button>
            ) : (
              <button type="button" class="button" disabled={finish.busy} onClick={() => finish.run()}>{t('talk.finish')}</button>
            )}
          </div>
        </Card>
      ) : justFinished ? (
        <Moment title={t('talk.finishedTitle')}>
          {t('talk.finishedBody', { count: minutesBetween(c.started_at, c.finished_at), steps: c.steps_total, name: partnerName })}{' '}
          <a href="/connect">{t('talk.finishedNext')}</a>
        </Moment>
      ) : (
        <Notice kind="success">{t('talk.finishedOn', { date: formatDate(c.finished_at ?? c.started_at) })}</Notice>
      )}
      <Card title={t('talk.notes')} id="notes-title">
        {c.shared_notes.length > 0 && (
          <>
            <h3>{t('talk.sharedNotes')}</h3>
            <ul class="notes">{c.shared_notes.map((n) => <li key={n.id}><strong>{n.author === 'me' ? t('you') : partnerName}:</strong> {n.text}</li>)}</ul>
          </>
        )}
        {c.my_notes.length > 0 && (
          <>
            <h3>{t('talk.myNotes')}</h3>
            <ul class="notes">{c.my_notes.map((n) => <li key={n.id}>{n.text}</li>)}</ul>
          </>
        )}
        <form onSubmit={save.submit} noValidate>
          {save.generalError && <Notice kind="error">{save.generalError}</Notice>}
          <div class="field">
            <label for="note">{t('talk.addNote')}</label>
            <textarea id="note" rows={2} maxLength={4000} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
          </div>
          <Toggle id="note-share" label={t('talk.share', { name: partnerName })} checked={shared} onChange={setShared} />
          <Privacy>{shared ? t('talk.sharedPrivacy', { name: partnerName }) : t('talk.privatePrivacy')}</Privacy>
          <button type="submit" class="button button--quiet" disabled={save.busy || note.trim() === ''}>{t('talk.saveNote')}</button>
        </form>
      </Card>
    </>
  );
}
