// Before a session (/care/outcomes): six short statements about the past two weeks, each
// on the instrument's own scale, answered on one page; then the short triangle check if
// the last one is four weeks old. The person sees their own answers over time; their
// therapist sees them only while they share them (/care/consent).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { answerOutcome, getMyOutcomes, type MyOutcomes, type OutcomeAnswer } from '../../api/outcomes';
import { formatScore, getInstrument, type Instrument } from '../../api/triangle';
import { formatDate, t } from '../../i18n';
import { BackLink, Card, LoadError, Notice, Privacy, Skeleton, useAction } from '../../ui/components';
import { ScalePoints } from '../triangle/Scale';

// A card on the care page while something is due before the next session.
export function BeforeSessionCard() {
  const [outcomes, setOutcomes] = useState<MyOutcomes | null>(null);
  useEffect(() => { getMyOutcomes().then(setOutcomes, () => {}); }, []);
  if (!outcomes?.next_session || (!outcomes.due.satisfaction && !outcomes.due.triangle)) return null;
  const { next_session: next, due } = outcomes;
  return (
    <Card title={t('outcomes.card.title')} id="before-session">
      <p>{t(due.satisfaction ? 'outcomes.card.body' : 'outcomes.card.triangleBody', { date: formatDate(new Date(next.starts_at), { time: true }) })}</p>
      <a class="button" href="/care/outcomes">{due.satisfaction ? t('outcomes.card.answer') : t('outcomes.card.triangle')}</a>
    </Card>
  );
}

function Answered({ answers, subscale, max }: { answers: OutcomeAnswer[]; subscale: string; max: number }) {
  if (answers.length === 0) return null;
  return (
    <Card title={t('outcomes.mine.title')} id="my-answers">
      <ul class="entries">
        {answers.map((a) => (
          <li key={a.id} class="entry">
            <p><strong>{formatDate(new Date(a.taken_at))}</strong> · {t('outcomes.mine.score', { score: formatScore(a.scores[subscale]), max })}</p>
            {a.levels[subscale] && <p class="hint">{a.levels[subscale]}</p>}
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function BeforeSessionPage() {
  const [data, setData] = useState<{ mine: MyOutcomes; measure: Instrument } | ApiError | null>(null);
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const [saved, setSaved] = useState<OutcomeAnswer | null>(null);
  const thanks = useRef<HTMLHeadingElement>(null);
  useEffect(() => thanks.current?.focus(), [saved]);
  const load = () =>
    getMyOutcomes()
      .then(async (mine) => {
        const measure = await getInstrument(mine.instrument);
        const given = mine.next_session ? mine.answers.find((a) => a.session === mine.next_session!.id) : undefined;
        if (given) setAnswers((now) => (Object.keys(now).length ? now : given.answers));
        setData({ mine, measure });
      })
      .catch((e) => setData(e instanceof ApiError ? e : new ApiError(0, t('error.generic'))));
  useEffect(() => { void load(); }, []);

  const send = useAction(async () => {
    if (!data || data instanceof ApiError) return;
    const left = data.measure.items.filter((i) => !(i.id in answers)).map((i) => i.id);
    setMissing(left);
    if (left.length > 0) {
      document.getElementById(`statement-${left[0]}`)?.focus();
      return;
    }
    setSaved(await answerOutcome(answers));
    await load();
  });

  let body;
  if (data === null) body = <Skeleton lines={5} />;
  else if (data instanceof ApiError) body = <LoadError error={data} retry={load} />;
  else if (!data.mine.open) body = <Notice>{t('outcomes.noTherapist')}</Notice>;
  else {
    const { mine, measure } = data;
    const { min, max, anchors } = measure.scale;
    const mid = Math.round((min + max) / 2);
    const subscale = measure.subscales[0]?.id ?? '';
    // Answered for the coming session already: answering again replaces it.
    const answeredNext = mine.next_session ? mine.answers.find((a) => a.session === mine.next_session!.id) : undefined;
    body = (
      <>
        <p class="hint">{measure.description}</p>
        {mine.next_session && <p>{t('outcomes.next', { date: formatDate(new Date(mine.next_session.starts_at), { time: true }) })}</p>}
        {saved ? (
          <section class="card">
            <h2 tabIndex={-1} ref={thanks}>{t('outcomes.thanks')}</h2>
            <p>{t('outcomes.mine.score', { score: formatScore(saved.scores[subscale]), max })}</p>
            {saved.levels[subscale] && <p>{saved.levels[subscale]}</p>}
            <button type="button" class="button button--quiet" onClick={() => setSaved(null)}>{t('outcomes.again')}</button>
          </section>
        ) : (
          <form class="outcome-form" onSubmit={send.submit} noValidate>
            {answeredNext && (
              <p class="hint">{t('outcomes.replaces', { date: formatDate(new Date(answeredNext.taken_at)) })}</p>
            )}
            <p class="hint" id="scale-hint">
              {t('triangle.check.scaleHint', {
                min, minLabel: anchors[String(min)] ?? '',
                mid, midLabel: anchors[String(mid)] ?? t('triangle.check.inBetween'),
                max, maxLabel: anchors[String(max)] ?? '',
              })}
            </p>
            {measure.items.map((item, n) => (
              <fieldset key={item.id} class={`statement statement--compact${missing.includes(item.id) ? ' statement--missing' : ''}`}
                aria-describedby={missing.includes(item.id) ? `missing-${item.id} scale-hint` : 'scale-hint'} aria-invalid={missing.includes(item.id) || undefined}>
                <legend id={`statement-${item.id}`} tabIndex={-1}>
                  <span class="statement__count">{t('triangle.check.statement', { n: n + 1, total: measure.items.length })}</span>
                  <span class="statement__text">{item.text}</span>
                </legend>
                <ScalePoints name={`answer-${item.id}`} scale={measure.scale} value={answers[item.id]} variant="scale--seven"
                  onChange={(p) => { setAnswers({ ...answers, [item.id]: p }); setMissing(missing.filter((m) => m !== item.id)); }} />
                {missing.includes(item.id) && <p class="error" id={`missing-${item.id}`}>{t('outcomes.missing')}</p>}
              </fieldset>
            ))}
            {send.generalError && <Notice kind="error">{send.generalError}</Notice>}
            <button type="submit" class="button" disabled={send.busy}>{t('outcomes.submit')}</button>
          </form>
        )}
        {mine.due.triangle && (
          <Card title={t('outcomes.triangle.title')} id="triangle-due">
            <p>{mine.due.triangle_last === null ? t('outcomes.triangle.never') : t('outcomes.triangle.body')}</p>
            <a class="button button--quiet" href={`/me/check?form=${encodeURIComponent(mine.due.triangle_form)}&then=outcomes`}>{t('outcomes.triangle.take')}</a>
          </Card>
        )}
        <Privacy>{t('outcomes.privacy')} <a href="/care/consent">{t('outcomes.privacyLink')}</a></Privacy>
        <Answered answers={mine.answers} subscale={subscale} max={max} />
      </>
    );
  }
  return (
    <main id="main">
      <BackLink href="/care" label={t('title.care')} />
      <h1>{data && !(data instanceof ApiError) ? data.measure.title : t('outcomes.title')}</h1>
      {body}
    </main>
  );
}
