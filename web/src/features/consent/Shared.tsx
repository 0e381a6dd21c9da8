// What a couple shares with their therapist (/practice/couples/{id}/shared): which kinds
// each partner shares, and for each kind someone shares, the sharing partners' results —
// triangle checks as line charts, evenings and reflections, self-care by day, shared
// journal entries. Each look is recorded in that partner's own log, and the page says so.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { SCOPES, getCoupleConsent, getShared, type CoupleConsent, type ResultScope, type SharedResults, type SharedResultsOf } from '../../api/consent';
import { COMPONENTS, formatScore } from '../../api/triangle';
import { formatCalendarDay, formatDate, formatList, formatNumber, t } from '../../i18n';
import { Card, LoadError, Privacy, Skeleton } from '../../ui/components';
import { TrendCharts } from '../triangle/TrendChart';
import { componentName } from '../triangle/TriangleChart';
import { SCOPE_WORDS } from './Consent';

// Self-care days shown before "show all".
const FIRST_DAYS = 14;

function Triangle({ r }: { r: SharedResultsOf['triangle'] }) {
  if (r.points.length === 0) return <p>{t('shared.triangleNone')}</p>;
  const [min, max] = r.max > r.min ? [r.min, r.max] : [1, 9];
  if (r.points.length === 1) {
    const p = r.points[0];
    return <p>{t('shared.triangleOne', { date: formatDate(new Date(p.taken_at)), scores: formatList(COMPONENTS.map((c) => `${componentName(c)} ${formatScore(p.scores[c])}`)) })}</p>;
  }
  const day = (ms: number) => formatDate(new Date(ms), { short: true });
  return (
    <>
      <p class="hint">{t('shared.triangleRange', { count: r.points.length, from: day(r.points[0].taken_at), to: day(r.points[r.points.length - 1].taken_at) })}</p>
      <TrendCharts points={r.points.map((p) => ({
        scores: p.scores, taken_at: new Date(p.taken_at),
        reliable: Object.fromEntries(Object.entries(p.change ?? {}).map(([c, d]) => [c, d.reliable])),
      }))} min={min} max={max} />
      {r.points.some((p) => Object.values(p.change ?? {}).some((d) => d.reliable)) && <p class="hint">{t('shared.triangleRing')}</p>}
    </>
  );
}

function Reflections({ r }: { r: SharedResultsOf['reflections'] }) {
  if (r.evenings.length === 0) return <p>{t('shared.eveningsNone')}</p>;
  return (
    <ul class="entries">
      {r.evenings.map((e) => (
        <li key={e.start} class="entry">
          <p><strong>{formatDate(new Date(e.start))}</strong></p>
          <p>
            {!e.reflected ? t('shared.notReflected') : e.happened ? t('shared.happened') : t('shared.didNotHappen')}
            {e.closeness !== null && <>{' · '}{t('shared.closeness', { n: e.closeness })}</>}
          </p>
          {e.note && <p class="note">{e.note}</p>}
        </li>
      ))}
    </ul>
  );
}

function Selfcare({ r }: { r: SharedResultsOf['selfcare'] }) {
  const [all, setAll] = useState(false);
  if (r.days.length === 0) return <p>{t('shared.selfcareNone')}</p>;
  const days = [...r.days].reverse();
  return (
    <>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={t('shared.selfcareTable')}>
        <table class="scores">
          <thead>
            <tr>
              <th scope="col">{t('shared.day')}</th>
              <th scope="col">{t('shared.activities')}</th>
              <th scope="col">{t('insights.minutes')}</th>
              <th scope="col">{t('selfcare.mood')}</th>
              <th scope="col">{t('selfcare.energy')}</th>
            </tr>
          </thead>
          <tbody>
            {(all ? days : days.slice(0, FIRST_DAYS)).map((d) => (
              <tr key={d.day}>
                <th scope="row">{formatCalendarDay(d.day)}</th>
                <td>{formatNumber(d.entries)}</td>
                <td>{formatNumber(d.minutes)}</td>
                <td>{formatNumber(d.mood, 1)}</td>
                <td>{formatNumber(d.energy, 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!all && days.length > FIRST_DAYS && (
        <button type="button" class="link-button" onClick={() => setAll(true)}>{t('shared.allDays', { count: days.length })}</button>
      )}
    </>
  );
}

function Journal({ r }: { r: SharedResultsOf['journal'] }) {
  if (r.entries.length === 0) return <p>{t('shared.journalNone')}</p>;
  return (
    <ul class="entries">
      {r.entries.map((e) => (
        <li key={e.id} class="entry">
          <h4>{e.title}</h4>
          <p class="hint">{t('shared.sharedOn', { date: formatDate(new Date(e.shared_at)) })}</p>
          <p class="journal__body">{e.body}</p>
        </li>
      ))}
    </ul>
  );
}

function Results<S extends ResultScope>({ scope, results }: { scope: S; results: SharedResultsOf[S] }) {
  switch (scope) {
    case 'triangle': return <Triangle r={results as SharedResultsOf['triangle']} />;
    case 'reflections': return <Reflections r={results as SharedResultsOf['reflections']} />;
    case 'selfcare': return <Selfcare r={results as SharedResultsOf['selfcare']} />;
    default: return <Journal r={results as SharedResultsOf['journal']} />;
  }
}

// One kind of result, read (and so recorded) when it is shown.
function ScopeCard({ couple, scope }: { couple: string; scope: ResultScope }) {
  const [data, setData] = useState<SharedResults<ResultScope> | ApiError | null>(null);
  const load = () => getShared(couple, scope).then(setData, (e: ApiError) => setData(e));
  useEffect(() => { void load(); }, []);
  return (
    <Card title={t(SCOPE_WORDS[scope].title)} id={`shared-${scope}`}>
      {data === null ? <Skeleton /> : data instanceof ApiError ? <LoadError error={data} retry={load} /> : (
        <div data-testid={`shared-${scope}`}>
          {data.partners.filter((p) => p.shared && p.results).map((p) => (
            <section key={p.id} class="shared__partner" data-person={p.display_name}>
              <h3>{p.display_name}</h3>
              <Results scope={scope} results={p.results!} />
            </section>
          ))}
        </div>
      )}
    </Card>
  );
}

export function SharedPage({ couple }: { couple: string }) {
  const [consent, setConsent] = useState<CoupleConsent | ApiError | null>(null);
  const load = () => getCoupleConsent(couple).then(setConsent, (e: ApiError) => setConsent(e));
  useEffect(() => { void load(); }, []);
  if (consent === null) return <Skeleton lines={3} />;
  if (consent instanceof ApiError) return <LoadError error={consent} retry={load} />;
  if (!consent.open) return <Card><p data-testid="shared-nothing">{t('shared.ended')}</p></Card>;
  const shared = SCOPES.filter((s) => consent.partners.some((p) => p.shares.includes(s)));
  return (
    <>
      <Card title={t('shared.title')} id="shares-title">
        <ul class="entries" data-testid="shares">
          {consent.partners.map((p) => (
            <li key={p.id}>
              {p.shares.length === 0 ? t('shared.sharesNothing', { name: p.display_name })
                : t('shared.shares', { name: p.display_name, what: formatList(p.shares.map((s) => t(SCOPE_WORDS[s].title))) })}
            </li>
          ))}
        </ul>
        {shared.length === 0 ? <p data-testid="shared-nothing">{t('shared.nothing')}</p> : <Privacy>{t('shared.recorded')}</Privacy>}
      </Card>
      {shared.map((s) => s === 'satisfaction' ? (
        <Card key={s} title={t(SCOPE_WORDS[s].title)} id="shared-satisfaction">
          <p><a href={`/practice/couples/${encodeURIComponent(couple)}/outcomes`}>{t('shared.satisfactionLink')}</a></p>
        </Card>
      ) : <ScopeCard key={s} couple={couple} scope={s} />)}
    </>
  );
}
