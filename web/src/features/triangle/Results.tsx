// Me: my triangle, what the kind of love can and cannot mean, my ideal, my partner's
// triangle when we both shared, and how each component has moved over time. The kind of
// love and the gaps are put in words by the server and shown as they come.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import {
  COMPONENTS, coupleView, formatScore, getDraft, history, listInstruments, setShared,
  type AssessmentResult, type CoupleView, type Difference, type Draft, type InstrumentSummary,
} from '../../api/triangle';
import { formatDate, t } from '../../i18n';
import { Card, LoadError, Notice, Privacy, Skeleton, Switch } from '../../ui/components';
import { getInsights, WEEK_CHOICES, type Insights } from '../../api/insights';
import { WeeksCard } from '../insights/Weeks';
import { MeTabs } from '../me/MeTabs';
import { TrendCharts } from './TrendChart';
import { componentName, TriangleChart } from './TriangleChart';

// The scale of the forms that name a kind of love.
const SCALE = { min: 1, max: 9 };

function checkLink(form: string, perspective: 'real' | 'ideal' = 'real') {
  return `/me/check?form=${encodeURIComponent(form)}&perspective=${perspective}`;
}

const toApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, t('error.generic')));

// One line per component: its name, then the server's words for the gap or change.
function Gaps({ differences }: { differences: Record<string, Difference> }) {
  return (
    <ul class="gaps">
      {COMPONENTS.filter((c) => differences[c]).map((c) => (
        <li key={c} data-size={differences[c].size}><strong>{componentName(c)}:</strong> {differences[c].text}</li>
      ))}
    </ul>
  );
}

interface Loaded {
  view: CoupleView;
  forms: InstrumentSummary[];
  draft: Draft | null;
  // Past results of the latest form, newest first; an error is shown as one, never as "no history".
  past: AssessmentResult[] | ApiError;
  // My weeks, drawn beside the triangle; an error is shown in its card alone.
  weeks: Insights | ApiError;
}

export function Results() {
  const [data, setData] = useState<Loaded | ApiError | null>(null);

  // `quietly`: a refresh after a change keeps the page as it is if it cannot load.
  async function load(quietly = false) {
    try {
      const [view, list, draft, weeks] = await Promise.all([coupleView(), listInstruments(), getDraft(),
        getInsights(WEEK_CHOICES[0]).catch(toApiError)]);
      const past = view.form ? await history(view.form).catch(toApiError) : [];
      setData({ view, forms: list.filter((i) => i.has_kind_of_love), draft, past, weeks });
    } catch (e) {
      if (!quietly) setData(toApiError(e));
    }
  }
  const retry = () => { setData(null); void load(); };
  useEffect(() => { void load(); }, []);

  if (data instanceof ApiError)
    return <main id="main"><h1>{t('triangle.title')}</h1><MeTabs path="/me" /><LoadError error={data} retry={retry} /></main>;
  if (!data)
    return <main id="main"><h1>{t('triangle.title')}</h1><MeTabs path="/me" /><Skeleton lines={4} label={t('triangle.loading')} /></main>;

  const { view, forms, draft, past, weeks } = data;
  const real = view.mine.real;
  const short = forms.find((f) => f.id === 'triangle-short') ?? forms[0];
  const full = forms.find((f) => f.id === 'triangle-full');
  const partner = view.partner_name;

  return (
    <main id="main">
      <h1>{t('triangle.title')}</h1>
      <MeTabs path="/me" />
      <p class="lead-small">{t('triangle.lead')}</p>
      {draft && (
        <Notice>
          {t('triangle.draft', { count: Object.keys(draft.answers).length })}{' '}
          <a href={checkLink(draft.form, draft.perspective)}>{t('triangle.resume')}</a>
        </Notice>
      )}
      {!real ? (
        <>
          <Card title={t('triangle.start.title')} id="start-title">
            <p>{t('triangle.start.body')}</p>
            <p><a href="/learn/what-your-triangle-means">{t('triangle.start.about')}</a></p>
            {short && <a class="button" href={checkLink(short.id)}>{t('triangle.start.short', { count: short.item_count })}</a>}
            {full && <a class="button button--quiet" href={checkLink(full.id)}>{t('triangle.start.full', { count: full.item_count })}</a>}
          </Card>
          <WeeksCard initial={weeks} />
        </>
      ) : (
        <>
          <Card>
            <TriangleChart mine={real.scores} ideal={view.mine.ideal?.scores} partner={view.partner?.scores} partnerName={partner}
              min={SCALE.min} max={SCALE.max} />
            {real.kind_text && (
              <div class="kind">
                <h2 data-testid="kind-of-love">{real.kind_text.title}</h2>
                <p data-testid="kind-summary"><strong>{real.kind_text.summary}</strong></p>
                {real.kind_text.description && <p>{real.kind_text.description}</p>}
                {real.kind_text.near && <p class="muted" data-testid="kind-near">{real.kind_text.near}</p>}
              </div>
            )}
            <table class="scores">
              <caption class="sr-only">{t('triangle.scores.caption', SCALE)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('triangle.scores.part')}</th>
                  <th scope="col">{t('you')}</th>
                  {view.mine.ideal && <th scope="col">{t('triangle.scores.ideal')}</th>}
                  {view.partner && <th scope="col">{partner ?? t('triangle.scores.partner')}</th>}
                </tr>
              </thead>
              <tbody>
                {COMPONENTS.map((c) => (
                  <tr key={c}>
                    <th scope="row">{componentName(c)}</th>
                    <td>{formatScore(real.scores[c])}</td>
                    {view.mine.ideal && <td>{formatScore(view.mine.ideal.scores[c])}</td>}
                    {view.partner && <td>{formatScore(view.partner.scores[c])}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
            <p class="muted small">{t('triangle.taken', { date: formatDate(real.taken_at) })}</p>
            <p><a href="/learn/what-your-triangle-means">{t('triangle.meaning')}</a></p>
          </Card>

          {real.change && (
            <Card title={t('triangle.change.title')} id="change-title">
              <Gaps differences={real.change.by_subscale} />
            </Card>
          )}

          <Card title={t('triangle.ideal.title')} id="ideal-title">
            {view.comparison.real_vs_ideal ? (
              <Gaps differences={view.comparison.real_vs_ideal} />
            ) : (
              <p>{t('triangle.ideal.empty')}</p>
            )}
            <a class="button button--quiet" href={checkLink(real.form, 'ideal')}>
              {view.mine.ideal ? t('triangle.ideal.update') : t('triangle.ideal.describe')}
            </a>
          </Card>

          <Card title={t('triangle.partner.title')} id="partner-title">
            <PartnerSection view={view} />
            <Switch key={real.id} checked={real.share_with_partner}
              label={partner ? t('triangle.partner.share', { name: partner }) : t('triangle.partner.sharePartner')}
              save={async (on) => { await setShared(real.id, on); await load(true); }} />
            <Privacy>{t('triangle.partner.privacy')}</Privacy>
          </Card>

          {past instanceof ApiError ? (
            <Card title={t('triangle.trend.title')} id="trend-title"><LoadError error={past} retry={retry} /></Card>
          ) : past.length >= 2 && (
            <Card title={t('triangle.trend.title')} id="trend-title">
              <TrendCharts points={[...past].reverse()} min={SCALE.min} max={SCALE.max} />
            </Card>
          )}

          <WeeksCard initial={weeks} />

          <Card title={t('triangle.again.title')} id="again-title">
            <p>{t('triangle.again.body')}</p>
            {short && <a class="button" href={checkLink(short.id)}>{t('triangle.again.short')}</a>}
            {full && <a class="button button--quiet" href={checkLink(full.id)}>{t('triangle.again.full')}</a>}
          </Card>
        </>
      )}
    </main>
  );
}

function PartnerSection({ view }: { view: CoupleView }) {
  const name = view.partner_name ?? t('partner.fallback');
  switch (view.partner_status) {
    case 'shown':
      return (
        <>
          {view.partner?.kind_text && (
            <p data-testid="partner-kind">
              {t('triangle.partner.kind', { name })} <strong>{view.partner.kind_text.title}</strong>. {view.partner.kind_text.summary}
            </p>
          )}
          {view.comparison.partner_vs_me && <Gaps differences={view.comparison.partner_vs_me} />}
        </>
      );
    case 'not_in_couple':
      return <p>{t('triangle.partner.notInCouple')}</p>;
    case 'no_recent_check':
      return <p>{t('triangle.partner.noRecent')}</p>;
    case 'not_shared':
      return <p>{t('triangle.partner.notShared', { name })}</p>;
    default:
      return <p>{t('triangle.partner.waiting', { name })}</p>;
  }
}
