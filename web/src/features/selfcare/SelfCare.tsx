// Self-care: log what you did for yourself in a few taps — what, how long, how you feel
// — and see your recent entries. "Same as yesterday" fills the form from the latest
// entry before today, so a repeat is two taps: that button, then Save. Only the person
// ever sees their log.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import {
  DAYS_BACK, daysBefore, deleteSelfcare, editSelfcare, KINDS, LIMITS, listSelfcare, logSelfcare, MINUTES, SCALE,
  type Kind, type SelfcareEntry, type SelfcareInput, type SelfcarePage,
} from '../../api/selfcare';
import { formatDay, t, type Key } from '../../i18n';
import { Card, LoadError, Notice, Privacy, Skeleton, TextField, useAction } from '../../ui/components';
import { forgetDraft, useDraft } from '../../ui/drafts';
import { MeTabs } from '../me/MeTabs';

const KIND_NAMES: Record<Kind, Key> = {
  exercise: 'selfcare.kind.exercise',
  meditation: 'selfcare.kind.meditation',
  journaling: 'selfcare.kind.journaling',
  friends: 'selfcare.kind.friends',
  rest: 'selfcare.kind.rest',
  own: 'selfcare.kind.own',
};
const kindName = (e: { kind: Kind; label?: string | null }) => (e.kind === 'own' && e.label ? e.label : t(KIND_NAMES[e.kind]));

// A local day in words: today, yesterday, or a short date.
function dayName(date: string, today: string): string {
  if (date === today) return t('selfcare.today');
  if (date === daysBefore(today)) return t('selfcare.yesterday');
  return formatDay(new Date(`${date}T12:00:00Z`));
}

const toApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, t('error.generic')));

export function SelfCare() {
  const [page, setPage] = useState<SelfcarePage | ApiError | null>(null);
  const [editing, setEditing] = useState<SelfcareEntry | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // A fresh form after each save.
  const [round, setRound] = useState(0);
  const load = async (quietly = false) => {
    try {
      setPage(await listSelfcare({ limit: 30 }));
    } catch (e) {
      if (!quietly) setPage(toApiError(e));
    }
  };
  useEffect(() => { void load(); }, []);
  const more = useAction(async () => {
    if (!page || page instanceof ApiError || !page.next_before) return;
    const next = await listSelfcare({ limit: 30, before: page.next_before });
    setPage({ ...next, entries: [...page.entries, ...next.entries] });
  });
  // After a save the list is read again first, so the fresh form starts from it.
  const done = async (message: string | null) => {
    if (message) await load(true);
    setEditing(null);
    setRound((r) => r + 1);
    setSaved(message);
  };

  return (
    <main id="main">
      <h1>{t('selfcare.title')}</h1>
      <MeTabs path="/me/selfcare" />
      <p class="lead-small">{t('selfcare.lead')}</p>
      {page instanceof ApiError ? <LoadError error={page} retry={() => { setPage(null); void load(); }} />
        : !page ? <Skeleton lines={4} label={t('selfcare.loading')} />
        : (
          <>
            {saved && <Notice kind="success">{saved}</Notice>}
            <LogForm key={`${editing?.id ?? 'new'}-${round}`} page={page} editing={editing} onDone={done} />
            <Card title={t('selfcare.recent')} id="recent-title">
              {page.entries.length === 0 ? <p>{t('selfcare.none')}</p> : (
                <ul class="entries" data-testid="selfcare-entries">
                  {page.entries.map((e) => (
                    <EntryRow key={e.id} entry={e} today={page.today} onChanged={() => load(true)}
                      onEdit={() => { setSaved(null); setEditing(e); scrollTo(0, 0); }} />
                  ))}
                </ul>
              )}
              {more.generalError && <Notice kind="error">{more.generalError}</Notice>}
              {page.next_before && <button type="button" class="button button--quiet" disabled={more.busy} onClick={() => more.run()}>{t('selfcare.more')}</button>}
            </Card>
          </>
        )}
    </main>
  );
}

// A 1–10 row (mood, energy): ten radio buttons drawn as segments, each at least 44 px tall.
function Segments({ id, label, hint, value, onChange }: { id: string; label: string; hint: string; value: number; onChange: (n: number) => void }) {
  const points = Array.from({ length: SCALE.max - SCALE.min + 1 }, (_, i) => SCALE.min + i);
  return (
    <fieldset class="segments-field" aria-describedby={`${id}-hint`}>
      <legend>{label}</legend>
      <p class="hint" id={`${id}-hint`}>{hint}</p>
      <div class="segments">
        {points.map((n) => (
          <label key={n} class={`segment${value === n ? ' segment--chosen' : ''}`}>
            <input type="radio" name={id} value={n} checked={value === n} onChange={() => onChange(n)} />
            <span>{n}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

// The quick log, or the form for changing one entry (`editing`). Mood and energy start
// where the latest entry left them; minutes at 30.
function LogForm({ page, editing, onDone }: { page: SelfcarePage; editing: SelfcareEntry | null; onDone: (saved: string | null) => Promise<void> }) {
  const start = editing ?? page.entries[0];
  const drafts = editing ? `selfcare-${editing.id}` : 'selfcare';
  const [kind, setKind] = useState<Kind | null>(editing?.kind ?? null);
  const [label, setLabel] = useDraft(`${drafts}-label`, editing?.label ?? '');
  const [minutes, setMinutes] = useState(editing?.minutes ?? 30);
  const [other, setOther] = useState(editing ? !MINUTES.includes(editing.minutes) : false);
  const [mood, setMood] = useState(start?.mood ?? 5);
  const [energy, setEnergy] = useState(start?.energy ?? 5);
  const [note, setNote] = useDraft(`${drafts}-note`, editing?.note ?? '');
  const [date, setDate] = useState(editing?.date ?? page.today);
  const [more, setMore] = useState(!!editing && (editing.note !== null || editing.date !== page.today));
  const saveButton = useRef<HTMLButtonElement>(null);
  useEffect(() => { if (editing) saveButton.current?.scrollIntoView?.({ block: 'nearest' }); }, []);
  // The latest entry before today: what "Same as yesterday" repeats (not its note).
  const previous = page.entries.find((e) => e.date < page.today);
  const repeat = (e: SelfcareEntry) => {
    setKind(e.kind);
    setLabel(e.label ?? '');
    setMinutes(e.minutes);
    setOther(!MINUTES.includes(e.minutes));
    setMood(e.mood);
    setEnergy(e.energy);
    setDate(page.today);
    saveButton.current?.focus();
  };

  const save = useAction(async () => {
    if (!kind) throw new ApiError(400, t('selfcare.chooseKind'), [{ field: 'kind', code: 'required', message: t('selfcare.chooseKind') }]);
    const input: SelfcareInput = { kind, minutes, mood, energy, note: note.trim(), date };
    if (kind === 'own') input.label = label.trim();
    if (editing) await editSelfcare(editing.id, input);
    else await logSelfcare(input);
    forgetDraft(`${drafts}-label`);
    forgetDraft(`${drafts}-note`);
    await onDone(editing ? t('selfcare.changed') : t('selfcare.saved'));
  });
  const fieldError = (name: string) => save.error?.fieldMessage(name);

  return (
    <Card title={editing ? t('selfcare.editTitle') : t('selfcare.logTitle')} id="log-title">
      {!editing && previous && (
        <button type="button" class="button button--quiet repeat" onClick={() => repeat(previous)} data-testid="repeat">
          <span>{previous.date === daysBefore(page.today) ? t('selfcare.repeatYesterday') : t('selfcare.repeatLast', { day: dayName(previous.date, page.today) })}</span>
          <span class="repeat__what">{t('selfcare.entrySummary', { what: kindName(previous), count: previous.minutes })}</span>
        </button>
      )}
      <form onSubmit={save.submit} noValidate>
        {save.generalError && <Notice kind="error">{save.generalError}</Notice>}
        <fieldset class="kinds-field">
          <legend>{t('selfcare.kind')}</legend>
          <div class="kinds">
            {KINDS.map((k) => (
              <label key={k} class={`kind-choice${kind === k ? ' kind-choice--chosen' : ''}`}>
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                <span>{t(KIND_NAMES[k])}</span>
              </label>
            ))}
          </div>
          {fieldError('kind') && <p class="error" role="alert">{fieldError('kind')}</p>}
        </fieldset>
        {kind === 'own' && (
          <TextField id="selfcare-label" label={t('selfcare.label')} value={label} onInput={setLabel} maxLength={LIMITS.label}
            hint={t('selfcare.labelHint')} error={fieldError('label')} />
        )}
        <fieldset class="minutes-field">
          <legend>{t('selfcare.minutes')}</legend>
          <div class="choice">
            {MINUTES.map((m) => (
              <label key={m} class={`choice__option${!other && minutes === m ? ' choice__option--chosen' : ''}`}>
                <input type="radio" name="minutes" value={m} checked={!other && minutes === m} onChange={() => { setOther(false); setMinutes(m); }} />
                <span>{t('selfcare.minutesChip', { count: m })}</span>
              </label>
            ))}
            <label class={`choice__option${other ? ' choice__option--chosen' : ''}`}>
              <input type="radio" name="minutes" value="other" checked={other} onChange={() => setOther(true)} />
              <span>{t('selfcare.otherMinutes')}</span>
            </label>
          </div>
          {other && (
            <div class="field minutes-other">
              <label for="selfcare-minutes">{t('selfcare.minutesExact')}</label>
              <input id="selfcare-minutes" type="number" inputMode="numeric" min={1} max={600} value={minutes}
                onInput={(e) => setMinutes(Number((e.target as HTMLInputElement).value))} />
            </div>
          )}
          {fieldError('minutes') && <p class="error" role="alert">{fieldError('minutes')}</p>}
        </fieldset>
        <Segments id="mood" label={t('selfcare.mood')} hint={t('selfcare.moodHint')} value={mood} onChange={setMood} />
        <Segments id="energy" label={t('selfcare.energy')} hint={t('selfcare.energyHint')} value={energy} onChange={setEnergy} />
        <details class="more" open={more} onToggle={(e) => setMore((e.target as HTMLDetailsElement).open)}>
          <summary>{t('selfcare.moreFields')}</summary>
          <div class={`field${fieldError('date') ? ' field--error' : ''}`}>
            <label for="selfcare-date">{t('selfcare.date')}</label>
            <input id="selfcare-date" type="date" value={date} max={page.today} min={daysBefore(page.today, DAYS_BACK)}
              onInput={(e) => setDate((e.target as HTMLInputElement).value || page.today)}
              aria-invalid={fieldError('date') ? 'true' : undefined} />
            {fieldError('date') && <p class="error" role="alert">{fieldError('date')}</p>}
          </div>
          <div class={`field${fieldError('note') ? ' field--error' : ''}`}>
            <label for="selfcare-note">{t('selfcare.note')}</label>
            <textarea id="selfcare-note" rows={2} maxLength={LIMITS.note} value={note}
              onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
            {fieldError('note') && <p class="error" role="alert">{fieldError('note')}</p>}
          </div>
        </details>
        <button ref={saveButton} type="submit" class="button" disabled={save.busy}>{editing ? t('selfcare.saveChanges') : t('selfcare.save')}</button>
        {editing && <button type="button" class="button button--quiet" onClick={() => onDone(null)}>{t('selfcare.cancelEdit')}</button>}
        <Privacy>{t('selfcare.privacy')}</Privacy>
      </form>
    </Card>
  );
}

function EntryRow({ entry, today, onChanged, onEdit }: { entry: SelfcareEntry; today: string; onChanged: () => Promise<void>; onEdit: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const remove = useAction(async () => {
    await deleteSelfcare(entry.id);
    await onChanged();
  });
  const what = kindName(entry);
  return (
    <li class="entry">
      <p class="entry__what"><strong>{what}</strong> · {t('selfcare.minutesChip', { count: entry.minutes })}</p>
      <p class="muted small">{t('selfcare.entryMeta', { day: dayName(entry.date, today), mood: entry.mood, energy: entry.energy })}</p>
      {entry.note && <p class="entry__note">{entry.note}</p>}
      {remove.generalError && <Notice kind="error">{remove.generalError}</Notice>}
      {confirming ? (
        <div class="confirm" role="group" aria-label={t('selfcare.deleteQuestion')}>
          <p>{t('selfcare.deleteQuestion')}</p>
          <button type="button" class="button button--danger" disabled={remove.busy} onClick={() => remove.run()}>{t('selfcare.delete')}</button>
          <button type="button" class="button button--quiet" onClick={() => setConfirming(false)}>{t('selfcare.keep')}</button>
        </div>
      ) : (
        <div class="entry__actions">
          <button type="button" class="link-button" aria-label={t('selfcare.editLabel', { what })} onClick={onEdit}>{t('selfcare.edit')}</button>
          <button type="button" class="link-button" aria-label={t('selfcare.deleteLabel', { what })} onClick={() => setConfirming(true)}>{t('selfcare.delete')}</button>
        </div>
      )}
    </li>
  );
}
