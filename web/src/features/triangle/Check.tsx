// Taking a check: one statement per screen, answers saved as a draft as you go, so the
// check can be paused and resumed on any device.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Couple } from '../../api/couples';
import { getCouple } from '../../api/couples';
import { getDraft, getInstrument, saveDraft, submitAssessment, type Instrument, type Perspective } from '../../api/triangle';
import { Notice, Privacy, useAction } from '../../ui/components';
import { navigate } from '../../ui/router';

export function Check({ form, perspective }: { form: string; perspective: Perspective }) {
  const [instrument, setInstrument] = useState<Instrument | null>(null);
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [index, setIndex] = useState(0);
  const [share, setShare] = useState(false);
  const [couple, setCouple] = useState<Couple | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    Promise.all([getInstrument(form), getDraft(), getCouple()])
      .then(([ins, draft, c]) => {
        setInstrument(ins);
        setCouple(c);
        if (draft && draft.form === form && draft.perspective === perspective) {
          setAnswers(draft.answers);
          setShare(draft.share_with_partner);
          const next = ins.items.findIndex((i) => !(i.id in draft.answers));
          setIndex(next === -1 ? ins.items.length : next);
        }
      })
      .catch((e) => setLoadError(e.detail ?? 'The check could not be loaded.'));
  }, [form, perspective]);

  useEffect(() => heading.current?.focus(), [index]);

  const submit = useAction(async () => {
    await submitAssessment(form, perspective, answers, share);
    navigate('/me');
  });

  if (loadError) return <main id="main"><Notice kind="error">{loadError}</Notice></main>;
  if (!instrument) return <main id="main"><p aria-busy="true">Loading…</p></main>;

  const items = instrument.items;
  const total = items.length;
  const done = index >= total;
  const partnerName = couple?.partners.find((p) => !p.is_me)?.display_name;

  function persist(next: Record<string, number>, nextShare = share) {
    saveDraft({ form, perspective, answers: next, share_with_partner: nextShare }).then(
      () => setSaveError(null),
      () => setSaveError('Your last answer is not saved yet. Check your connection; you can keep going.'),
    );
  }

  // Records an answer; a tap or click also moves on. Arrow keys in the radio group only
  // select, so keyboard users move on with Next when they are ready.
  function choose(value: number, advance: boolean) {
    const next = { ...answers, [items[index].id]: value };
    setAnswers(next);
    persist(next);
    if (advance) setIndex(index + 1);
  }

  const { min, max, anchors } = instrument.scale;
  const points = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const answered = Object.keys(answers).length;

  return (
    <main id="main" class="check">
      <p class="check__meta">
        {instrument.title}
        {perspective === 'ideal' ? ' · the relationship you wish for' : ''}
      </p>
      <div class="progress" role="progressbar" aria-label="Progress" aria-valuemin={0} aria-valuemax={total} aria-valuenow={answered}
        aria-valuetext={`${answered} of ${total} answered`}>
        <div class="progress__bar" style={{ width: `${(answered / total) * 100}%` }} />
      </div>
      {saveError && <Notice kind="error">{saveError}</Notice>}
      {!done ? (
        <fieldset class="statement" key={items[index].id}>
          <legend>
            <span class="statement__count">Statement {index + 1} of {total}</span>
            <h1 tabIndex={-1} ref={heading} class="statement__text">
              {perspective === 'ideal' ? items[index].ideal_text ?? items[index].text : items[index].text}
            </h1>
          </legend>
          <p class="hint" id="scale-hint">
            {min} = {anchors[String(min)]}, {Math.round((min + max) / 2)} = {anchors[String(Math.round((min + max) / 2))] ?? 'in between'}, {max} = {anchors[String(max)]}
          </p>
          <div class="scale" role="radiogroup" aria-describedby="scale-hint">
            {points.map((p) => (
              <label key={p} class={`scale__point${answers[items[index].id] === p ? ' scale__point--chosen' : ''}`}>
                <input type="radio" name={`answer-${items[index].id}`} value={p} checked={answers[items[index].id] === p}
                  onChange={() => choose(p, false)}
                  onClick={(e) => { if ((e as MouseEvent).detail > 0) choose(p, true); }}
                  aria-label={`${p}${anchors[String(p)] ? ` — ${anchors[String(p)]}` : ''}`} />
                <span aria-hidden="true">{p}</span>
              </label>
            ))}
          </div>
          <div class="scale__ends" aria-hidden="true">
            <span>{anchors[String(min)]}</span>
            <span>{anchors[String(max)]}</span>
          </div>
        </fieldset>
      ) : (
        <section class="card">
          <h1 tabIndex={-1} ref={heading}>All {total} answered</h1>
          <p>Thank you for taking the time. Your result is ready when you are.</p>
          {perspective === 'real' && (
            <>
              <label class="switch">
                <input type="checkbox" role="switch" checked={share} onChange={(e) => {
                  const v = (e.target as HTMLInputElement).checked;
                  setShare(v);
                  persist(answers, v);
                }} />
                <span>Share this result with {partnerName ?? 'my partner'}</span>
              </label>
              <Privacy>
                {partnerName
                  ? `Shown to ${partnerName} only if they share theirs from the same check too. You can stop sharing at any time.`
                  : 'Only you can see this. If you invite your partner later, you can choose to share.'}
              </Privacy>
            </>
          )}
          {submit.generalError && <Notice kind="error">{submit.generalError}</Notice>}
          <button type="button" class="button" disabled={submit.busy} onClick={() => submit.run()}>See my result</button>
        </section>
      )}
      <div class="check__nav">
        <button type="button" class="button button--quiet" disabled={index === 0} onClick={() => setIndex(index - 1)}>Back</button>
        {!done && (
          <button type="button" class="button button--quiet" disabled={!(items[index].id in answers)} onClick={() => setIndex(index + 1)}>
            Next
          </button>
        )}
        <button type="button" class="button button--quiet" onClick={() => { persist(answers); navigate('/me'); }}>Pause</button>
      </div>
    </main>
  );
}
