// Guided conversations: pick one, then go through it step by step together. Both of
// you see the same step and whose turn it is; a calm timer suggests the time.
import { useEffect, useState } from 'preact/hooks';
import {
  addNote, conversations, finishConversation, getConversation, guides, moveConversation, startConversation,
  type Conversation, type Guide,
} from '../../api/conversations';
import { Card, Notice, Privacy, useAction } from '../../ui/components';
import { useLive, useLiveReload } from '../../realtime/live';
import { navigate } from '../../ui/router';

export function Conversations({ partnerName, id }: { partnerName: string; id?: string }) {
  return id ? <Talk id={id} partnerName={partnerName} /> : <Overview />;
}

function Overview() {
  const [list, setList] = useState<Guide[] | null>(null);
  const [past, setPast] = useState<Conversation[]>([]);
  const load = () => Promise.all([guides(), conversations()]).then(([g, c]) => { setList(g); setPast(c); }, () => setList([]));
  useEffect(() => { void load(); }, []);
  // The partner started or finished one, or frames were missed: read the list again.
  useLive('conversation.changed', () => { void load(); });
  useLiveReload(() => { void load(); });
  const start = useAction(async (guide: string) => {
    const c = await startConversation(guide);
    navigate(`/connect/conversations/${c.id}`);
  });
  if (!list) return <p aria-busy="true">Loading…</p>;
  const active = past.find((c) => c.status === 'active');
  return (
    <>
      {active && <Notice>You have a conversation going: <a href={`/connect/conversations/${active.id}`}>{active.title}</a></Notice>}
      {start.generalError && <Notice kind="error">{start.generalError}</Notice>}
      {list.map((g) => (
        <Card key={g.id} title={g.title} id={`guide-${g.id}`}>
          <p>{g.description}</p>
          <button type="button" class="button" disabled={start.busy || !!active} onClick={() => start.run(g.id)}>Start</button>
        </Card>
      ))}
      {past.filter((c) => c.status === 'finished').length > 0 && (
        <Card title="Past conversations" id="past-title">
          <ul class="history">
            {past.filter((c) => c.status === 'finished').map((c) => (
              <li key={c.id}>
                <a href={`/connect/conversations/${c.id}`}>{c.title}</a>
                <span class="muted small"> · {new Date(c.started_at).toLocaleDateString()}</span>
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
    const t = setInterval(() => setLeft((s) => Math.max(0, s - 1)), 1000);
    return () => clearInterval(t);
  }, [running]);
  const mm = Math.floor(left / 60);
  const ss = String(left % 60).padStart(2, '0');
  return (
    <div class="timer">
      <span class="timer__time" role="timer" aria-live="off">{mm}:{ss}</span>
      <span class="muted small">{left === 0 ? 'Time is up — finish your thought, no rush.' : `About ${minutes} min`}</span>
      <button type="button" class="button button--quiet" onClick={() => setRunning(!running)}>{running ? 'Pause timer' : 'Start timer'}</button>
    </div>
  );
}

function Talk({ id, partnerName }: { id: string; partnerName: string }) {
  const [c, setC] = useState<Conversation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [shared, setShared] = useState(true);
  const load = () => getConversation(id).then(setC, (e) => setError(e.detail));
  useEffect(() => {
    void load();
    // Live frames bring the partner's moves at once; a slow poll covers a lost connection.
    const t = setInterval(() => { void getConversation(id).then(setC, () => {}); }, 30000);
    return () => clearInterval(t);
  }, [id]);
  useLive('conversation.changed', (f) => { if (f.id === id) void getConversation(id).then(setC, () => {}); }, [id]);
  useLiveReload(() => { void getConversation(id).then(setC, () => {}); }, [id]);
  const move = useAction(async (to: number) => {
    if (!c) return;
    try {
      setC(await moveConversation(c.id, c.step, to));
    } catch (e) {
      await load();
      throw e;
    }
  });
  const save = useAction(async () => {
    await addNote(id, note, shared);
    setNote('');
    await load();
  });
  const finish = useAction(async () => setC(await finishConversation(id)));

  if (error) return <Notice kind="error">{error}</Notice>;
  if (!c) return <p aria-busy="true">Loading…</p>;
  const turn = c.current?.turn;
  return (
    <>
      <p><a href="/connect/conversations">← All conversations</a></p>
      <h2>{c.title}</h2>
      {c.status === 'active' && c.current ? (
        <Card>
          <p class="muted small">Step {c.step + 1} of {c.steps_total}</p>
          <p class="turn" data-testid="turn">
            {turn === 'both' ? 'Together' : turn === 'me' ? 'Your turn to speak' : `${partnerName} speaks — you listen`}
          </p>
          <p class="daily__question">{c.current.prompt}</p>
          <p class="muted">{turn === 'me' ? `${partnerName}: ${c.current.listener}` : turn === 'partner' ? `You: ${c.current.listener}` : c.current.listener}</p>
          <Timer key={`${c.id}-${c.step}`} minutes={c.current.minutes} />
          {move.generalError && <Notice>{move.generalError}</Notice>}
          <div class="check__nav">
            <button type="button" class="button button--quiet" disabled={c.step === 0 || move.busy} onClick={() => move.run(c.step - 1)}>Back</button>
            {c.step + 1 < c.steps_total ? (
              <button type="button" class="button" disabled={move.busy} onClick={() => move.run(c.step + 1)}>Next step</button>
            ) : (
              <button type="button" class="button" disabled={finish.busy} onClick={() => finish.run()}>Finish</button>
            )}
          </div>
        </Card>
      ) : (
        <Notice kind="success">You finished this conversation together. Well done for making the time.</Notice>
      )}
      <Card title="Notes" id="notes-title">
        {c.shared_notes.length > 0 && (
          <>
            <h3>Shared</h3>
            <ul class="notes">{c.shared_notes.map((n) => <li key={n.id}><strong>{n.author === 'me' ? 'You' : partnerName}:</strong> {n.text}</li>)}</ul>
          </>
        )}
        {c.my_notes.length > 0 && (
          <>
            <h3>Only for you</h3>
            <ul class="notes">{c.my_notes.map((n) => <li key={n.id}>{n.text}</li>)}</ul>
          </>
        )}
        <form onSubmit={save.submit} noValidate>
          {save.generalError && <Notice kind="error">{save.generalError}</Notice>}
          <div class="field">
            <label for="note">Add a note</label>
            <textarea id="note" rows={2} maxLength={4000} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
          </div>
          <label class="switch">
            <input type="checkbox" role="switch" checked={shared} onChange={(e) => setShared((e.target as HTMLInputElement).checked)} />
            <span>Share with {partnerName}</span>
          </label>
          <Privacy>{shared ? `${partnerName} sees this note.` : 'Only you can see this note.'}</Privacy>
          <button type="submit" class="button button--quiet" disabled={save.busy || note.trim() === ''}>Save note</button>
        </form>
      </Card>
    </>
  );
}
