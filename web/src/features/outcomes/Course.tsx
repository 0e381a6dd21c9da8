// Outcomes on a couple's page in Practice (/practice/couples/{id}/outcomes): for each
// partner who shares their answers to the outcome measure, their course as a chart —
// the band below the clinical cut-off shaded, each answer a point, a reliable change
// since the previous answer marked — with a table of the same numbers as its text
// equivalent, the verdict from first to latest answer, and the FHIR R4 download. The
// figures are provisional, and the page says so.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { fhirExportHref, getCoupleOutcomes, type Change, type Course, type CoupleOutcomes, type CourseStatus, type MeasureInfo } from '../../api/outcomes';
import { formatScore } from '../../api/triangle';
import { formatDate, t, type Key } from '../../i18n';
import { Card, LoadError, Notice, Privacy, Skeleton } from '../../ui/components';

const STATUS: Record<CourseStatus, Key> = {
  not_yet: 'outcomes.status.not_yet',
  recovered: 'outcomes.status.recovered',
  improved: 'outcomes.status.improved',
  unchanged: 'outcomes.status.unchanged',
  deteriorated: 'outcomes.status.deteriorated',
};

const W = 320;
const H = 150;
const PAD = 14;
const LEFT = 30;  // room for the scale's numbers

function changeText(c: Change | null): string {
  if (!c) return t('outcomes.change.first');
  const delta = `${c.delta > 0 ? '+' : c.delta < 0 ? '−' : '±'}${formatScore(Math.abs(c.delta))}`;
  return c.reliable ? t('outcomes.change.reliable', { delta }) : t('outcomes.change.noise', { delta });
}

function Chart({ course, sub, min, max, name }: { course: Course; sub: MeasureInfo['subscales'][number]; min: number; max: number; name: string }) {
  const n = course.points.length;
  const x = (i: number) => (n === 1 ? (LEFT + W) / 2 : LEFT + PAD + (i / (n - 1)) * (W - LEFT - 2 * PAD));
  const y = (v: number) => H - PAD - ((v - min) / (max - min)) * (H - 2 * PAD);
  return (
    <svg class="outcome-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('outcomes.chart.label', { name, title: sub.title })}>
      {sub.cutoff !== null && (
        <>
          <rect class="outcome-chart__below" x={LEFT} y={y(sub.cutoff)} width={W - LEFT} height={H - y(sub.cutoff)} />
          <line class="outcome-chart__cutoff" x1={LEFT} x2={W} y1={y(sub.cutoff)} y2={y(sub.cutoff)} />
        </>
      )}
      {[min, max, ...(sub.cutoff !== null ? [sub.cutoff] : [])].map((v) => (
        <text key={v} class="outcome-chart__label" x={LEFT - 6} y={y(v)} text-anchor="end" dominant-baseline="middle">{formatScore(v)}</text>
      ))}
      <polyline class="outcome-chart__line" points={course.points.map((p, i) => `${x(i).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ')} />
      {course.points.map((p, i) => {
        const reliable = p.since_previous?.reliable;
        return (
          <g key={p.id}>
            {reliable && <circle class="outcome-chart__reliable" cx={x(i)} cy={y(p.score)} r="8" />}
            <circle class="outcome-chart__dot" cx={x(i)} cy={y(p.score)} r="4" />
          </g>
        );
      })}
    </svg>
  );
}

function PartnerCourse({ name, course, measure }: { name: string; course: Course; measure: MeasureInfo }) {
  const sub = measure.subscales[0];
  if (course.points.length === 0) return <p>{t('outcomes.course.none', { name })}</p>;
  return (
    <>
      <p><strong>{t(STATUS[course.status])}</strong></p>
      <Chart course={course} sub={sub} min={measure.min} max={measure.max} name={name} />
      {sub.cutoff !== null && <p class="hint">{t('outcomes.chart.legend', { cutoff: formatScore(sub.cutoff) })}</p>}
      <table class="outcome-table">
        <caption class="sr-only">{t('outcomes.table.caption', { name })}</caption>
        <thead>
          <tr><th scope="col">{t('outcomes.table.date')}</th><th scope="col">{t('outcomes.table.score')}</th><th scope="col">{t('outcomes.table.change')}</th></tr>
        </thead>
        <tbody>
          {course.points.map((p) => (
            <tr key={p.id} class={p.since_previous?.reliable ? 'outcome-table__reliable' : undefined}>
              <td>{formatDate(new Date(p.taken_at), { short: true })}</td>
              <td>{formatScore(p.score)}{p.above_cutoff === false ? ` · ${t('outcomes.table.below')}` : ''}</td>
              <td>{changeText(p.since_previous)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function CourseSection({ couple }: { couple: string }) {
  const [data, setData] = useState<CoupleOutcomes | ApiError | null>(null);
  const load = () => getCoupleOutcomes(couple).then(setData, (e: ApiError) => setData(e));
  useEffect(() => { void load(); }, [couple]);

  if (data === null) return <Skeleton lines={4} />;
  if (data instanceof ApiError && data.status === 404) return <Notice>{t('outcomes.course.notShared')}</Notice>;
  if (data instanceof ApiError) return <LoadError error={data} retry={load} />;
  const { instrument: measure } = data;
  const sub = measure.subscales[0];
  return (
    <>
      <p class="hint">{t('outcomes.course.intro', { title: measure.title })}</p>
      {data.partners.map((p) => (
        <Card key={p.id} title={p.display_name} id={`course-${p.id}`}>
          {p.shared && p.course ? <PartnerCourse name={p.display_name} course={p.course[sub.id]} measure={measure} />
            : <p>{t('outcomes.course.partnerNotShared', { name: p.display_name })}</p>}
        </Card>
      ))}
      {measure.provisional && (
        <Notice>{t('outcomes.course.provisional', { criterion: formatScore(sub.criterion), cutoff: sub.cutoff === null ? '—' : formatScore(sub.cutoff) })}</Notice>
      )}
      <p><a class="button button--quiet" href={fhirExportHref(couple)} download="outcomes.fhir.json">{t('outcomes.course.fhir')}</a></p>
      <Privacy>{t('outcomes.course.recorded')}</Privacy>
    </>
  );
}
