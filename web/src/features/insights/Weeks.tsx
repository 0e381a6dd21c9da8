// Your weeks: self-care minutes, mood and energy, evenings together, closeness after
// them and the triangle checks, drawn on one row of weeks so they can be read side by
// side; every chart says its numbers in words, and the weeks are also a table. The
// comparisons are the server's; the page words them as what went together, never as a
// cause.
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { getInsights, WEEK_CHOICES, type Comparison, type Insights, type InsightWeek } from '../../api/insights';
import { COMPONENTS, formatScore } from '../../api/triangle';
import { formatList, formatMonthDay, formatNumber, t, type Key } from '../../i18n';
import { Card, LoadError } from '../../ui/components';
import { componentName } from '../triangle/TriangleChart';

const W = 280;
const H = 72;
const PAD = 6;

type Value = number | null;
interface Series {
  name: string;
  values: Value[];
  kind: 'bar' | 'line';
  class: string;
}

// One chart over the weeks: bars fill each week's band, lines join the weeks that have a
// value (a week without one leaves a gap, never a zero).
function WeekChart({ title, series, min, max, weeks, words, testid }: {
  title: string; series: Series[]; min: number; max: number; weeks: InsightWeek[]; words: string; testid: string;
}) {
  const n = weeks.length;
  const band = (W - 2 * PAD) / n;
  const x = (i: number) => PAD + band * (i + 0.5);
  const y = (v: number) => H - PAD - ((Math.min(Math.max(v, min), max) - min) / (max - min || 1)) * (H - 2 * PAD);
  const label = t('insights.chartLabel', { name: title, from: weekName(weeks[0]), to: weekName(weeks[n - 1]), values: words });
  return (
    <figure class="week-chart" data-testid={testid}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
        <line class="week-chart__base" x1={PAD} x2={W - PAD} y1={H - PAD} y2={H - PAD} />
        {series.map((s) => s.kind === 'bar'
          ? s.values.map((v, i) => v !== null && v > 0 && (
            <rect key={`${s.class}${i}`} class={s.class} x={x(i) - band * 0.35} width={band * 0.7} y={y(v)} height={H - PAD - y(v)} rx="2" />))
          : <g key={s.class} class={s.class}>
            {segments(s.values).map((seg) => seg.length > 1 && (
              <polyline key={seg[0]} points={seg.map((i) => `${x(i).toFixed(1)},${y(s.values[i] as number).toFixed(1)}`).join(' ')} />))}
            {s.values.map((v, i) => v !== null && <circle key={i} cx={x(i)} cy={y(v)} r="3" />)}
          </g>)}
      </svg>
      <div class="week-chart__axis" aria-hidden="true"><span>{weekName(weeks[0])}</span><span>{weekName(weeks[n - 1])}</span></div>
      {series.length > 1 && (
        <p class="legend legend--start" aria-hidden="true">
          {series.map((s) => <span key={s.class} class="legend__item"><span class={`swatch swatch--${s.class}`} />{s.name}</span>)}
        </p>
      )}
    </figure>
  );
}

// Runs of consecutive weeks with a value, as lists of indexes.
function segments(values: Value[]): number[][] {
  const out: number[][] = [];
  let run: number[] = [];
  values.forEach((v, i) => {
    if (v === null) { if (run.length) out.push(run); run = []; } else run.push(i);
  });
  if (run.length) out.push(run);
  return out;
}

const weekName = (w: InsightWeek) => formatMonthDay(w.monday);
const num = (v: Value) => (v === null ? t('insights.none') : formatNumber(v));
// A table cell with nothing in it: a dash to see, "none" to hear.
function Cell({ text }: { text: string | null }) {
  return <td>{text ?? <><span aria-hidden="true">–</span><span class="sr-only">{t('insights.none')}</span></>}</td>;
}
const said = (weeks: InsightWeek[], value: (w: InsightWeek) => string) => formatList(weeks.map(value));

const OUTCOMES: Record<Comparison['outcome'], Key> = {
  mood: 'insights.outcome.mood', energy: 'insights.outcome.energy', closeness: 'insights.outcome.closeness',
};
const MEASURES: Record<Comparison['measure'], Key> = {
  selfcare_minutes: 'insights.cmp.selfcare', evenings_met: 'insights.cmp.evenings',
};

function ComparisonText({ c }: { c: Comparison }) {
  return (
    <li data-measure={c.measure} data-outcome={c.outcome}>
      {t(MEASURES[c.measure], { count: c.threshold, more: c.more.weeks, other: c.other.weeks, outcome: t(OUTCOMES[c.outcome]),
        a: formatNumber(c.more.mean), b: formatNumber(c.other.mean) })}
      {c.similar && <> {t('insights.cmp.similar')}</>}
    </li>
  );
}

function WeeksTable({ data }: { data: Insights }) {
  const couple = data.weeks.some((w) => w.together);
  const triangle = data.triangle.form !== null;
  return (
    <details class="weeks-table">
      <summary>{t('insights.table')}</summary>
      <div class="table-scroll" tabIndex={0} role="region" aria-label={t('insights.table')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('insights.col.week')}</th>
              <th scope="col">{t('insights.minutes')}</th>
              <th scope="col">{t('selfcare.mood')}</th>
              <th scope="col">{t('selfcare.energy')}</th>
              {couple && <th scope="col">{t('insights.col.evenings')}</th>}
              {couple && <th scope="col">{t('insights.col.closeness')}</th>}
              {triangle && COMPONENTS.map((c) => <th key={c} scope="col">{componentName(c)}</th>)}
            </tr>
          </thead>
          <tbody>
            {data.weeks.map((w) => (
              <tr key={w.monday}>
                <th scope="row">{weekName(w)}</th>
                <td>{formatNumber(w.selfcare_minutes)}</td>
                <Cell text={w.mood === null ? null : formatNumber(w.mood)} />
                <Cell text={w.energy === null ? null : formatNumber(w.energy)} />
                {couple && <Cell text={w.together?.evenings ? t('insights.metOf', { met: w.together.met, evenings: w.together.evenings }) : null} />}
                {couple && <Cell text={w.closeness === null ? null : formatNumber(w.closeness)} />}
                {triangle && COMPONENTS.map((c) => <Cell key={c} text={w.triangle?.scores[c] !== undefined ? formatScore(w.triangle.scores[c]) : null} />)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function Charts({ data }: { data: Insights }) {
  const weeks = data.weeks;
  const couple = weeks.some((w) => w.together);
  const tri = data.triangle;
  const anything = weeks.some((w) => w.selfcare_entries > 0 || (w.together?.evenings ?? 0) > 0 || w.triangle);
  if (!anything) return <p data-testid="insights-empty">{t('insights.empty')}</p>;
  const maxMinutes = Math.max(60, ...weeks.map((w) => w.selfcare_minutes));
  const maxEvenings = Math.max(7, ...weeks.map((w) => w.together?.evenings ?? 0));
  return (
    <div class="week-charts">
      <WeekChart testid="chart-minutes" title={t('insights.minutes')} weeks={weeks} min={0} max={maxMinutes}
        series={[{ name: t('insights.minutes'), kind: 'bar', class: 'bar', values: weeks.map((w) => w.selfcare_minutes) }]}
        words={said(weeks, (w) => formatNumber(w.selfcare_minutes))} />
      <WeekChart testid="chart-mood" title={t('insights.moodEnergy')} weeks={weeks} min={1} max={10}
        series={[{ name: t('selfcare.mood'), kind: 'line', class: 'mood', values: weeks.map((w) => w.mood) },
          { name: t('selfcare.energy'), kind: 'line', class: 'energy', values: weeks.map((w) => w.energy) }]}
        words={said(weeks, (w) => t('insights.moodEnergyWeek', { mood: num(w.mood), energy: num(w.energy) }))} />
      {couple && (
        <WeekChart testid="chart-evenings" title={t('insights.evenings')} weeks={weeks} min={0} max={maxEvenings}
          series={[{ name: t('insights.planned'), kind: 'bar', class: 'planned', values: weeks.map((w) => w.together?.evenings ?? null) },
            { name: t('insights.met'), kind: 'bar', class: 'bar', values: weeks.map((w) => w.together?.met ?? null) }]}
          words={said(weeks, (w) => (w.together?.evenings ? t('insights.metOf', { met: w.together.met, evenings: w.together.evenings }) : t('insights.none')))} />
      )}
      {couple && (
        <WeekChart testid="chart-closeness" title={t('insights.closeness')} weeks={weeks} min={1} max={10}
          series={[{ name: t('insights.closeness'), kind: 'line', class: 'mood', values: weeks.map((w) => w.closeness) }]}
          words={said(weeks, (w) => num(w.closeness))} />
      )}
      {tri.form !== null && weeks.some((w) => w.triangle) && (
        <WeekChart testid="chart-triangle" title={t('insights.triangle')} weeks={weeks}
          min={tri.min !== undefined && tri.max !== undefined && tri.max > tri.min ? tri.min : 1}
          max={tri.min !== undefined && tri.max !== undefined && tri.max > tri.min ? tri.max : 9}
          series={COMPONENTS.map((c) => ({ name: componentName(c), kind: 'line' as const, class: c, values: weeks.map((w) => w.triangle?.scores[c] ?? null) }))}
          words={said(weeks, (w) => (w.triangle
            ? formatList(COMPONENTS.filter((c) => w.triangle!.scores[c] !== undefined)
              .map((c) => `${componentName(c)} ${formatScore(w.triangle!.scores[c])}`)) : t('insights.none')))} />
      )}
    </div>
  );
}

// The card on the triangle page; `initial` comes with the page's own load so the page
// does not move when it arrives.
export function WeeksCard({ initial }: { initial: Insights | ApiError }) {
  const [count, setCount] = useState<number>(initial instanceof ApiError ? WEEK_CHOICES[0] : initial.weeks.length);
  const [data, setData] = useState<Insights | ApiError>(initial);
  const latest = useRef(0);  // only the newest choice's answer is shown
  async function show(weeks: number) {
    setCount(weeks);
    const n = ++latest.current;
    const next = await getInsights(weeks).catch((e) => (e instanceof ApiError ? e : new ApiError(0, t('error.generic'))));
    if (n === latest.current) setData(next);
  }
  return (
    <Card title={t('insights.title')} id="weeks-title">
      <p class="muted">{data instanceof ApiError || data.weeks.some((w) => w.together) ? t('insights.lead') : t('insights.leadAlone')}</p>
      <fieldset class="options options--row">
        <legend class="sr-only">{t('insights.range')}</legend>
        {WEEK_CHOICES.map((n) => (
          <label key={n} class="option">
            <input type="radio" name="insight-weeks" checked={count === n} onChange={() => void show(n)} />
            <span>{n === WEEK_CHOICES[0] ? t('insights.weeksShort') : t('insights.weeksLong')}</span>
          </label>
        ))}
      </fieldset>
      {data instanceof ApiError ? <LoadError error={data} retry={() => void show(count)} /> : (
        <>
          <Charts data={data} />
          <h3>{t('insights.cmp.title')}</h3>
          {data.comparisons.length ? (
            <ul class="gaps" data-testid="comparisons">{data.comparisons.map((c) => <ComparisonText key={`${c.measure}${c.outcome}`} c={c} />)}</ul>
          ) : <p>{t('insights.cmp.none')}</p>}
          <p class="muted small">{t('insights.cmp.caution')}</p>
          <WeeksTable data={data} />
        </>
      )}
    </Card>
  );
}
