// One statement's answer on an instrument's scale: a point for each answer, named by its
// anchor where it has one, with the ends' anchors under them. The triangle check (one
// statement a screen) and the outcome measure (all on one page) both answer with it.
import type { JSX } from 'preact';
import type { Instrument } from '../../api/triangle';
import { formatNumber, t } from '../../i18n';

export function ScalePoints({ name, scale, value, onChange, onTap, variant, group }: {
  name: string;
  scale: Instrument['scale'];
  value: number | undefined;
  onChange: (point: number) => void;
  onTap?: (point: number) => void;  // a tap or click (not the arrow keys)
  variant?: string;  // an extra class for the row of points
  group?: JSX.HTMLAttributes<HTMLDivElement>;  // attributes of the row (a role, a description)
}) {
  const { min, max, anchors } = scale;
  const points = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  return (
    <>
      <div class={variant ? `scale ${variant}` : 'scale'} {...group}>
        {points.map((p) => (
          <label key={p} class={`scale__point${value === p ? ' scale__point--chosen' : ''}`}>
            <input type="radio" name={name} value={p} checked={value === p} onChange={() => onChange(p)}
              onClick={onTap && ((e) => { if ((e as MouseEvent).detail > 0) onTap(p); })}
              aria-label={anchors[String(p)] ? t('triangle.check.pointLabel', { value: p, label: anchors[String(p)] }) : formatNumber(p)} />
            <span aria-hidden="true">{formatNumber(p)}</span>
          </label>
        ))}
      </div>
      <div class="scale__ends" aria-hidden="true">
        <span>{anchors[String(min)]}</span>
        <span>{anchors[String(max)]}</span>
      </div>
    </>
  );
}
