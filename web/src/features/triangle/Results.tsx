// Me: my triangle, what the kind of love can and cannot mean, my ideal, my partner's
// triangle when we both shared, and how each component has moved over time.
import { useEffect, useState } from 'preact/hooks';
import {
  COMPONENTS, coupleView, getDraft, history, listInstruments, oneDecimal, setShared,
  type AssessmentResult, type CoupleView, type Difference, type Draft, type InstrumentSummary,
} from '../../api/triangle';
import { Card, Notice, Privacy, Switch } from '../../ui/components';
import { TrendCharts } from './TrendChart';
import { TriangleChart } from './TriangleChart';

const NAMES: Record<string, string> = { intimacy: 'Intimacy', passion: 'Passion', commitment: 'Commitment' };

function checkLink(form: string, perspective: 'real' | 'ideal' = 'real') {
  return `/me/check?form=${encodeURIComponent(form)}&perspective=${perspective}`;
}

// One line per component: its name, then the server's words for the gap or change.
function Gaps({ differences }: { differences: Record<string, Difference> }) {
  return (
    <ul class="gaps">
      {COMPONENTS.filter((c) => differences[c]).map((c) => (
        <li key={c} data-size={differences[c].size}><strong>{NAMES[c]}:</strong> {differences[c].text}</li>
      ))}
    </ul>
  );
}

export function Results() {
  const [view, setView] = useState<CoupleView | null>(null);
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
        setPast(await history(v.form));
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
            {real.kind_text && (
              <div class="kind">
                <h2 data-testid="kind-of-love">{real.kind_text.title}</h2>
                <p data-testid="kind-summary"><strong>{real.kind_text.summary}</strong></p>
                {real.kind_text.description && <p>{real.kind_text.description}</p>}
                {real.kind_text.near && <p class="muted" data-testid="kind-near">{real.kind_text.near}</p>}
              </div>
            )}
            <table class="scores">
              <caption class="sr-only">Your scores from 1 to 9</caption>
              <thead><tr><th scope="col">Part</th><th scope="col">You</th>{view.mine.ideal && <th scope="col">Ideal</th>}{view.partner && <th scope="col">{view.partner_name ?? 'Partner'}</th>}</tr></thead>
              <tbody>
                {COMPONENTS.map((c) => (
                  <tr key={c}>
                    <th scope="row">{NAMES[c]}</th>
                    <td>{oneDecimal(real.scores[c])}</td>
                    {view.mine.ideal && <td>{oneDecimal(view.mine.ideal.scores[c])}</td>}
                    {view.partner && <td>{oneDecimal(view.partner.scores[c])}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
            <p class="muted small">Taken {new Date(real.taken_at).toLocaleDateString(undefined, { dateStyle: 'long' })}. The kind of love describes your answers; it does not diagnose you or your relationship.</p>
            <p><a href="/learn/what-your-triangle-means">What your triangle means</a></p>
          </Card>

          {real.change && (
            <Card title="Since last time" id="change-title">
              <Gaps differences={real.change.by_subscale} />
            </Card>
          )}

          <Card title="Your ideal" id="ideal-title">
            {view.comparison.real_vs_ideal ? (
              <Gaps differences={view.comparison.real_vs_ideal} />
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
        <>
          {view.partner?.kind_text && (
            <p data-testid="partner-kind">{name}'s triangle: <strong>{view.partner.kind_text.title}</strong>. {view.partner.kind_text.summary}</p>
          )}
          {view.comparison.partner_vs_me && <Gaps differences={view.comparison.partner_vs_me} />}
        </>
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
