// Sternberg's triangle drawn from three scores: intimacy at the top, passion at the
// lower left, commitment at the lower right, each vertex at a distance proportional to
// its score. Mine filled, my partner's outlined, my ideal dashed. The picture has a
// text equivalent for screen readers (every score of every triangle shown), and the
// numbers are also shown as a table nearby.
import { COMPONENTS, formatScore, type Component, type Scores } from '../../api/triangle';
import { t, type Key } from '../../i18n';

const SIZE = 300;
const CENTER = { x: SIZE / 2, y: SIZE / 2 + 20 };
const RADIUS = 118;
const ANGLES: Record<Component, number> = { intimacy: -90, passion: 150, commitment: 30 };
const NAME_KEYS: Record<Component, Key> = { intimacy: 'component.intimacy', passion: 'component.passion', commitment: 'component.commitment' };

// A component's name in the person's language.
export const componentName = (c: Component) => t(NAME_KEYS[c]);

function point(component: Component, score: number, max: number): [number, number] {
  const a = (ANGLES[component] * Math.PI) / 180;
  const r = (Math.max(0, Math.min(score, max)) / max) * RADIUS;
  return [CENTER.x + r * Math.cos(a), CENTER.y + r * Math.sin(a)];
}

function polygon(scores: Scores, max: number): string {
  return COMPONENTS.map((c) => point(c, scores[c] ?? 0, max).map((v) => v.toFixed(1)).join(',')).join(' ');
}

function describe(who: string, s: Scores): string {
  return t('triangle.chart.series', {
    who, intimacy: formatScore(s.intimacy), passion: formatScore(s.passion), commitment: formatScore(s.commitment),
  });
}

export function TriangleChart({ mine, partner, ideal, partnerName, min = 1, max = 9 }: {
  mine: Scores;
  partner?: Scores | null;
  ideal?: Scores | null;
  partnerName?: string;
  min?: number;
  max?: number;
}) {
  const partnerLabel = partnerName ?? t('triangle.chart.partner');
  const description = [
    t('triangle.chart.scale', { min, max }),
    describe(t('triangle.chart.yours'), mine),
    partner ? describe(partnerLabel, partner) : '',
    ideal ? describe(t('triangle.chart.ideal'), ideal) : '',
  ].filter(Boolean).join(' ');
  return (
    <figure class="triangle">
      <svg viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-labelledby="triangle-title triangle-desc">
        <title id="triangle-title">{t('triangle.chart.title')}</title>
        <desc id="triangle-desc">{description}</desc>
        {/* Rings at the middle of the scale (a part counts as there), at 7 (strong) and at the top. */}
        {[5, 7, 9].map((level) => (
          <polygon key={level} class="triangle__grid" points={polygon({ intimacy: level, passion: level, commitment: level }, max)} />
        ))}
        {COMPONENTS.map((c) => {
          const [x, y] = point(c, max, max);
          return <line key={c} class="triangle__axis" x1={CENTER.x} y1={CENTER.y} x2={x} y2={y} />;
        })}
        {ideal && <polygon class="triangle__ideal" points={polygon(ideal, max)} data-series="ideal" />}
        {partner && <polygon class="triangle__partner" points={polygon(partner, max)} data-series="partner" />}
        <polygon class="triangle__mine" points={polygon(mine, max)} data-series="mine" />
        {COMPONENTS.map((c) => {
          const [x, y] = point(c, max * 1.13, max);
          return (
            <text key={c} class="triangle__label" x={x} y={c === 'intimacy' ? y : y + 22}
              text-anchor={c === 'intimacy' ? 'middle' : c === 'passion' ? 'start' : 'end'}>
              {componentName(c)}
            </text>
          );
        })}
      </svg>
      <figcaption class="legend">
        <span class="legend__item"><span class="swatch swatch--mine" aria-hidden="true" />{t('you')}</span>
        {partner && <span class="legend__item"><span class="swatch swatch--partner" aria-hidden="true" />{partnerLabel}</span>}
        {ideal && <span class="legend__item"><span class="swatch swatch--ideal" aria-hidden="true" />{t('triangle.chart.ideal')}</span>}
      </figcaption>
    </figure>
  );
}
