// One small line chart per component across results, oldest to newest, each with its
// numbers and dates as its text equivalent. Drawn only from two results on: a page says
// a single result in words.
import { COMPONENTS, formatScore, type Scores } from '../../api/triangle';
import { formatDate, formatList, t } from '../../i18n';
import { componentName } from './TriangleChart';

const W = 280;
const H = 70;
const PAD = 6;

export interface TrendPoint {
  scores: Scores;
  taken_at: string | Date;
  reliable?: Partial<Record<string, boolean>>;  // components that changed beyond noise since the previous point
}

export function TrendCharts({ points: ordered, max = 9, min = 1 }: { points: TrendPoint[]; max?: number; min?: number }) {
  if (ordered.length < 2) return null;
  const x = (i: number) => PAD + (i / (ordered.length - 1)) * (W - 2 * PAD);
  const y = (v: number) => H - PAD - ((v - min) / (max - min)) * (H - 2 * PAD);
  return (
    <div class="trends">
      {COMPONENTS.map((c) => {
        const points = ordered.map((r, i) => `${x(i).toFixed(1)},${y(r.scores[c]).toFixed(1)}`).join(' ');
        const summary = formatList(ordered.map((r) => t('triangle.trend.point', { score: formatScore(r.scores[c]), date: formatDate(r.taken_at, { short: true }) })));
        return (
          <figure class="trend" key={c}>
            <figcaption>{componentName(c)}</figcaption>
            <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('triangle.trend.label', { part: componentName(c), points: summary })} data-component={c}>
              <line class="trend__mid" x1={PAD} x2={W - PAD} y1={y((max + min) / 2)} y2={y((max + min) / 2)} />
              <polyline class="trend__line" points={points} />
              {ordered.map((r, i) => (
                <g key={i}>
                  {r.reliable?.[c] && <circle class="trend__reliable" cx={x(i)} cy={y(r.scores[c])} r="6.5" />}
                  <circle class="trend__dot" cx={x(i)} cy={y(r.scores[c])} r="3" />
                </g>
              ))}
            </svg>
          </figure>
        );
      })}
    </div>
  );
}
