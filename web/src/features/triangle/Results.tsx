// Me: my triangle, what the kind of love can and cannot mean, my ideal, my partner's
// triangle when we both shared, and how each component has moved over time.
import { useEffect, useState } from 'preact/hooks';
import {
  COMPONENTS, KIND_TITLES, coupleView, getDraft, getInstrument, history, listInstruments, setShared,
  type AssessmentResult, type CoupleView, type Difference, type Draft, type Instrument, type InstrumentSummary,
} from '../../api/triangle';
import { Card, Notice, Privacy, Switch } from '../../ui/components';
import { TrendCharts } from './TrendChart';
import { TriangleChart } from './TriangleChart';

const NAMES: Record<string, string> = { intimacy: 'Intimacy', passion: 'Passion', commitment: 'Commitment' };

function checkLink(form: string, perspective: 'real' | 'ideal' = 'real') {
  return `/me/check?form=${encodeURIComponent(form)}&perspective=${perspective}`;
}

function gapText(d: Difference, subject: string) {
  if (!d.reliable) return `about the same${d.delta !== 0 ? ` (${d.delta > 0 ? '+' : ''}${d.delta}, within measurement noise of ±${d.criterion})` : ''}`;
  return `${d.delta > 0 ? 'higher' : 'lower'} for ${subject} by ${Math.abs(d.delta)} — more than measurement noise (±${d.criterion})`;
}

export function Results() {
  const [view, setView] = useState<CoupleView | null>(null);
  const [instrument, setInstrument] = useState<Instrument | null>(null);
  const [forms, setForms] = useState<InstrumentSummary[]>([]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [past, setPast] = useState<AssessmentResult[]>([]);
  const [error, setError] = useState<string | null>(null);

  async function load() {
    try {
      const [v, list, d] = await Promise.all([coupleView(), listInstruments(), getDraft()]);
      setView(v);
      setForms(list.filter((i) => i.has_kind_of_love));
      setDraft(d);
      if (v.form) {
        const [ins, h] = await Promise.all([getInstrument(v.form), history(v.form)]);
        setInstrument(ins);
        setPast(h);
      }
    } catch (e) {
      setError((e as { detail?: string }).detail ?? 'Your triangle could not be loaded.');
    }
  }
  useEffect(() => { void load(); }, []);

  if (error) return <main id="main"><h1>Your triangle</h1><Notice kind="error">{error}</Notice></main>;
  if (!view) return <main id="main"><h1>Your triangle</h1><p aria-busy="true">Loading…</p></main>;

  const real = view.mine.real;
  const short = forms.find((f) => f.id === 'triangle-short') ?? forms[0];
  const full = forms.find((f) => f.id === 'triangle-full');
  const answered = draft ? Object.keys(draft.answers).length : 0;

  return (
    <main id="main">
      <h1>Your triangle</h1>
      <p class="lead-small">Intimacy, passion and commitment: how strong each feels to you right now.</p>
      {draft && (
        <Notice>
          You have a check in progress ({answered} answered). <a href={checkLink(draft.form, draft.perspective)}>Resume it</a>
        </Notice>
      )}
      {!real ? (
        <Card title="Measure your triangle" id="start-title">
          <p>Rate a few statements about your relationship as it is today. There are no right answers, and only you see the result unless you choose to share it.</p>
          <p><a href="/learn/what-your-triangle-means">What the triangle is about</a></p>
          {short && <a class="button" href={checkLink(short.id)}>Take the short check ({short.item_count} statements)</a>}
          {full && <a class="button button--quiet" href={checkLink(full.id)}>Full check ({full.item_count})</a>}
        </Card>
      ) : (
        <>
          <Card>
            <TriangleChart mine={real.scores} ideal={view.mine.ideal?.scores} partner={view.partner?.scores} partnerName={view.partner_name} />
            {real.kind_of_love && (
              <div class="kind">
                <h2 data-testid="kind-of-love">{KIND_TITLES[real.kind_of_love]}</h2>
                <p>{instrument?.kind_of_love?.descriptions[real.kind_of_love]}</p>
                {real.also_near && real.also_near.length > 0 && (
                  <p class="muted">
                    Some of your scores sit close to the line, so your answers are also near {real.also_near.map((k) => KIND_TITLES[k].toLowerCase()).join(' and ')}.
                  </p>
                )}
              </div>
            )}
            <table class="scores">
              <caption class="sr-only">Your scores from 1 to 9</caption>
              <thead><tr><th scope="col">Part</th><th scope="col">You</th>{view.mine.ideal && <th scope="col">Ideal</th>}{view.partner && <th scope="col">{view.partner_name ?? 'Partner'}</th>}</tr></thead>
              <tbody>
                {COMPONENTS.map((c) => (
                  <tr key={c}>
                    <th scope="row">{NAMES[c]}</th>
                    <td>{real.scores[c].toFixed(2)}</td>
                    {view.mine.ideal && <td>{view.mine.ideal.scores[c].toFixed(2)}</td>}
                    {view.partner && <td>{view.partner.scores[c].toFixed(2)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
            <p class="muted small">Taken {new Date(real.taken_at).toLocaleDateString(undefined, { dateStyle: 'long' })}. The kind of love describes your answers; it does not diagnose you or your relationship.</p>
            <p><a href="/learn/what-your-triangle-means">What your triangle means</a></p>
          </Card>

          {real.change && (
            <Card title="Since last time" id="change-title">
              <ul class="gaps">
                {COMPONENTS.map((c) => <li key={c}><strong>{NAMES[c]}:</strong> {gapText(real.change!.by_subscale[c], 'you now')}</li>)}
              </ul>
            </Card>
          )}

          <Card title="Your ideal" id="ideal-title">
            {view.comparison.real_vs_ideal ? (
              <ul class="gaps">
                {COMPONENTS.map((c) => <li key={c}><strong>{NAMES[c]}:</strong> your ideal is {gapText(view.comparison.real_vs_ideal![c], 'your ideal')}</li>)}
              </ul>
            ) : (
              <p>Describe the relationship you wish for, and see where today differs from it.</p>
            )}
            <a class="button button--quiet" href={checkLink(real.form, 'ideal')}>{view.mine.ideal ? 'Update my ideal' : 'Describe my ideal'}</a>
          </Card>

          <Card title="With your partner" id="partner-title">
            <PartnerSection view={view} />
            <Switch key={real.id} label="Share my latest result with my partner" checked={real.share_with_partner}
              save={async (on) => { await setShared(real.id, on); await load(); }} />
            <Privacy>Your partner sees your scores only if they share theirs from the same check too, within 30 days. Your answers to each statement stay private.</Privacy>
          </Card>

          <Card title="Over time" id="trend-title">
            <TrendCharts results={past} />
          </Card>

          <Card title="Take it again" id="again-title">
            <p>Once every week or two is plenty; small changes are usually noise.</p>
            {short && <a class="button" href={checkLink(short.id)}>Short check</a>}
            {full && <a class="button button--quiet" href={checkLink(full.id)}>Full check</a>}
          </Card>
        </>
      )}
      <p><a href="/settings">Settings</a></p>
    </main>
  );
}

function PartnerSection({ view }: { view: CoupleView }) {
  const name = view.partner_name ?? 'your partner';
  switch (view.partner_status) {
    case 'shown':
      return (
        <ul class="gaps">
          {COMPONENTS.map((c) => <li key={c}><strong>{NAMES[c]}:</strong> {gapText(view.comparison.partner_vs_me![c], name)}</li>)}
        </ul>
      );
    case 'not_in_couple':
      return <p>When your partner joins you in rekindle, you can compare triangles — if you both choose to.</p>;
    case 'no_recent_check':
      return <p>Triangles are compared when both are from the last 30 days. Take the check again to compare.</p>;
    case 'not_shared':
      return <p>Share your result to compare. Your partner sees it only if they share theirs too.</p>;
    default:
      return <p>When your partner takes the same check and shares it, both triangles appear here.</p>;
  }
}
