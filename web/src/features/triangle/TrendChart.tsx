// One small line chart per component across past results, oldest to newest, with the
// same numbers as a list for screen readers.
import { COMPONENTS, oneDecimal, type AssessmentResult } from '../../api/triangle';

const W = 280;
const H = 70;
const PAD = 6;

export function TrendCharts({ results, max = 9, min = 1 }: { results: AssessmentResult[]; max?: number; min?: number }) {
  const ordered = [...results].reverse();
  if (ordered.length < 2) return <p class="muted">Take the check again in a week or two to see how things move.</p>;
  const x = (i: number) => PAD + (i / (ordered.length - 1)) * (W - 2 * PAD);
  const y = (v: number) => H - PAD - ((v - min) / (max - min)) * (H - 2 * PAD);
  const date = (iso: string) => new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
  return (
    <div class="trends">
      {COMPONENTS.map((c) => {
        const points = ordered.map((r, i) => `${x(i).toFixed(1)},${y(r.scores[c]).toFixed(1)}`).join(' ');
        const summary = ordered.map((r) => `${oneDecimal(r.scores[c])} on ${date(r.taken_at)}`).join(', ');
        return (
          <figure class="trend" key={c}>
            <figcaption>{c[0].toUpperCase() + c.slice(1)}</figcaption>
            <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${c}: ${summary}`} data-component={c}>
              <line class="trend__mid" x1={PAD} x2={W - PAD} y1={y((max + min) / 2)} y2={y((max + min) / 2)} />
              <polyline class="trend__line" points={points} />
              {ordered.map((r, i) => <circle key={r.id} class="trend__dot" cx={x(i)} cy={y(r.scores[c])} r="3" />)}
            </svg>
          </figure>
        );
      })}
    </div>
  );
}
