// A therapist's own notes on a couple (/practice/couples/{id}/notes): written, changed
// and deleted by them alone, newest first, and every note on every couple downloadable
// as one JSON file for their own records.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { NOTES_EXPORT_URL, NOTE_MAX, deleteNote, listNotes, rewriteNote, writeNote, type TherapistNote } from '../../api/notes';
import { formatDate, t } from '../../i18n';
import { Card, LoadError, Notice, Privacy, Skeleton, TextField, useAction } from '../../ui/components';
import { useDraft } from '../../ui/drafts';

const when = (ms: number) => formatDate(new Date(ms), { time: true });

function Note({ couple, note, onChanged }: { couple: string; note: TherapistNote; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [text, setText] = useState(note.text);
  const save = useAction(async () => { await rewriteNote(couple, note.id, text.trim()); setEditing(false); onChanged(); });
  const remove = useAction(async () => { await deleteNote(couple, note.id); onChanged(); });
  return (
    <li class="entry" data-testid="note">
      <p class="hint">
        {t('notes.written', { when: when(note.created_at) })}
        {note.updated_at !== note.created_at && <>{' · '}{t('notes.changed', { when: when(note.updated_at) })}</>}
      </p>
      {editing ? (
        <form onSubmit={save.submit} noValidate>
          <TextField id={`note-${note.id}`} label={t('notes.text')} rows={6} maxLength={NOTE_MAX} value={text} onInput={setText}
            error={save.error?.fieldMessage('text')} />
          {save.generalError && <Notice kind="error">{save.generalError}</Notice>}
          <button type="submit" class="button" disabled={save.busy || text.trim() === ''}>{t('notes.save')}</button>
          <button type="button" class="button button--quiet" onClick={() => { setEditing(false); setText(note.text); }}>{t('notes.cancel')}</button>
        </form>
      ) : (
        <>
          <p class="journal__body">{note.text}</p>
          {confirming ? (
            <div class="confirm">
              <p>{t('notes.deleteQuestion')}</p>
              {remove.error && <Notice kind="error">{remove.error.detail}</Notice>}
              <button type="button" class="button button--danger" disabled={remove.busy} onClick={() => remove.run()}>{t('notes.delete')}</button>
              <button type="button" class="button button--quiet" onClick={() => setConfirming(false)}>{t('notes.keep')}</button>
            </div>
          ) : (
            <div class="entry__actions">
              <button type="button" class="link-button" onClick={() => setEditing(true)}>{t('notes.edit')}</button>
              <button type="button" class="link-button" onClick={() => setConfirming(true)}>{t('notes.delete')}</button>
            </div>
          )}
        </>
      )}
    </li>
  );
}

export function Notes({ couple, names }: { couple: string; names: string }) {
  const [notes, setNotes] = useState<TherapistNote[] | ApiError | null>(null);
  const [text, setText] = useDraft(`note:${couple}`);
  const load = () => listNotes(couple).then((r) => setNotes(r.notes), (e: ApiError) => setNotes(e));
  useEffect(() => { void load(); }, []);
  const write = useAction(async () => {
    await writeNote(couple, text.trim());
    setText('');
    await load();
  });
  return (
    <>
      <Card title={t('notes.new')} id="new-note-title">
        <form onSubmit={write.submit} noValidate>
          <TextField id="note-text" label={t('notes.text')} rows={6} maxLength={NOTE_MAX} value={text} onInput={setText}
            error={write.error?.fieldMessage('text')} />
          {write.generalError && <Notice kind="error">{write.generalError}</Notice>}
          <button type="submit" class="button" disabled={write.busy || text.trim() === ''}>{t('notes.save')}</button>
        </form>
        <Privacy>{t('notes.private', { names })}</Privacy>
      </Card>
      <Card title={t('notes.title')} id="notes-title">
        {notes === null ? <Skeleton lines={3} /> : notes instanceof ApiError ? <LoadError error={notes} retry={load} />
          : notes.length === 0 ? <p>{t('notes.none')}</p> : (
            <ul class="entries" data-testid="notes">
              {notes.map((n) => <Note key={`${n.id}:${n.updated_at}`} couple={couple} note={n} onChanged={load} />)}
            </ul>
          )}
        <p><a class="button button--quiet" href={NOTES_EXPORT_URL} download="notes.json">{t('notes.export')}</a></p>
        <p class="hint">{t('notes.exportHint')}</p>
      </Card>
    </>
  );
}
