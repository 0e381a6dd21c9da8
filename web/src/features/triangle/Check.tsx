// Taking a check: one statement per screen, answers saved as a draft as you go, so the
// check can be paused and resumed on any device. The instrument's own words (title,
// statements, scale anchors) come from the server as they are.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import type { Couple } from '../../api/couples';
import { getCouple, partnerName as partnerOf } from '../../api/couples';
import { getDraft, getInstrument, saveDraft, submitAssessment, type Instrument, type Perspective } from '../../api/triangle';
import { t } from '../../i18n';
import { LoadError, Notice, Privacy, Skeleton, Toggle, useAction } from '../../ui/components';
import { Icon } from '../../ui/icons';
import { navigate } from '../../ui/router';
import { ScalePoints } from './Scale';

// `then`: where to go when done ('outcomes': back to the statements before a session).
export function Check({ form, perspective, then }: { form: string; perspective: Perspective; then?: string }) {
  const finish = then === 'outcomes' ? '/care/outcomes' : '/me';
  const [instrument, setInstrument] = useState<Instrument | ApiError | null>(null);
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [index, setIndex] = useState(0);
  const [share, setShare] = useState(false);
  const [couple, setCouple] = useState<Couple | null>(null);
  const [saveError, setSaveError] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  const load = () => {
    setInstrument(null);
    Promise.all([getInstrument(form), getDraft(), getCouple()])
      .then(([ins, draft, c]) => {
        setCouple(c);
        if (draft && draft.form === form && draft.perspective === perspective) {
          setAnswers(draft.answers);
          setShare(draft.share_with_partner);
          const next = ins.items.findIndex((i) => !(i.id in draft.answers));
          setIndex(next === -1 ? ins.items.length : next);
        }
        setInstrument(ins);
      })
      .catch((e) => setInstrument(e instanceof ApiError ? e : new ApiError(0, t('error.generic'))));
  };
  useEffect(load, [form, perspective]);

  useEffect(() => heading.current?.focus(), [index]);

  const submit = useAction(async () => {
    await submitAssessment(form, perspective, answers, share);
    navigate(finish);
  });

  if (instrument instanceof ApiError) return <main id="main"><LoadError error={instrument} retry={load} /></main>;
  if (!instrument) return <main id="main"><Skeleton lines={4} label={t('triangle.check.loading')} /></main>;

  const items = instrument.items;
  const total = items.length;
  const done = index >= total;
  const partnerName = partnerOf(couple);

  function persist(next: Record<string, number>, nextShare = share) {
    saveDraft({ form, perspective, answers: next, share_with_partner: nextShare }).then(
      () => setSaveError(false),
      () => setSaveError(true),
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
  const mid = Math.round((min + max) / 2);
  const answered = Object.keys(answers).length;

  return (
    <main id="main" class="check">
      <div class="check__body">
        <p class="check__meta">
          {instrument.title}
          {perspective === 'ideal' && <> · {t('triangle.check.idealMeta')}</>}
        </p>
        <div class="progress" role="progressbar" aria-label={t('triangle.check.progress')} aria-valuemin={0} aria-valuemax={total}
          aria-valuenow={answered} aria-valuetext={t('triangle.check.progressValue', { answered, total })}>
          <div class="progress__bar" style={{ width: `${(answered / total) * 100}%` }} />
        </div>
        {saveError && <Notice kind="error">{t('triangle.check.notSaved')}</Notice>}
        {!done ? (
          <fieldset class="statement" key={items[index].id}>
            <legend>
              <span class="statement__count">{t('triangle.check.statement', { n: index + 1, total })}</span>
              <h1 tabIndex={-1} ref={heading} class="statement__text">
                {perspective === 'ideal' ? items[index].ideal_text ?? items[index].text : items[index].text}
              </h1>
            </legend>
            <p class="hint" id="scale-hint">
              {t('triangle.check.scaleHint', {
                min, minLabel: anchors[String(min)] ?? '',
                mid, midLabel: anchors[String(mid)] ?? t('triangle.check.inBetween'),
                max, maxLabel: anchors[String(max)] ?? '',
              })}
            </p>
            <ScalePoints name={`answer-${items[index].id}`} scale={instrument.scale} value={answers[items[index].id]}
              onChange={(p) => choose(p, false)} onTap={(p) => choose(p, true)}
              group={{ role: 'radiogroup', 'aria-describedby': 'scale-hint' }} />
          </fieldset>
        ) : (
          <section class="card">
            <h1 tabIndex={-1} ref={heading}>{t('triangle.check.doneTitle', { count: total })}</h1>
            <p>{t('triangle.check.doneBody')}</p>
            {perspective === 'real' && (
              <>
                <Toggle id="share-result" checked={share}
                  label={partnerName ? t('triangle.check.shareWith', { name: partnerName }) : t('triangle.check.sharePartner')}
                  onChange={(v) => { setShare(v); persist(answers, v); }} />
                <Privacy>
                  {partnerName ? t('triangle.check.privacyPartner', { name: partnerName }) : t('triangle.check.privacyAlone')}
                </Privacy>
              </>
            )}
            {submit.generalError && <Notice kind="error">{submit.generalError}</Notice>}
            <button type="button" class="button" disabled={submit.busy} onClick={() => submit.run()}>{t('triangle.check.submit')}</button>
          </section>
        )}
        <div class="check__nav">
          <button type="button" class="button button--quiet" disabled={index === 0} onClick={() => setIndex(index - 1)}>
            <Icon name="back" />{t('triangle.check.back')}
          </button>
          <button type="button" class="link-button check__pause" onClick={() => { persist(answers); navigate(finish); }}>
            {t('triangle.check.pause')}
          </button>
          {!done ? (
            <button type="button" class="button button--quiet" disabled={!(items[index].id in answers)} onClick={() => setIndex(index + 1)}>
              {t('triangle.check.next')}<Icon name="next" />
            </button>
          ) : <span class="check__spacer" />}
        </div>
      </div>
    </main>
  );
}
