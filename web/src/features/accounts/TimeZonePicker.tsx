// The time zone: a search box narrows a list grouped by region, and the zone this
// device is in is offered with one tap.
import { useMemo, useState } from 'preact/hooks';
import { t } from '../../i18n';

function allZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : ['UTC'];
}

const cityOf = (zone: string) => zone.split('/').slice(1).join(' / ').replaceAll('_', ' ') || zone;
const regionOf = (zone: string) => (zone.includes('/') ? zone.split('/')[0] : 'UTC');

export function TimeZonePicker({ value, onChange, error, hint }: { value: string; onChange: (zone: string) => void; error?: string; hint?: string }) {
  const [query, setQuery] = useState('');
  const device = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zones = useMemo(() => {
    const list = allZones();
    return list.includes(value) ? list : [value, ...list];
  }, [value]);
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase().replaceAll(' ', '_');
    const shown = zones.filter((z) => z === value || !q || z.toLowerCase().includes(q));
    const byRegion = new Map<string, string[]>();
    for (const z of shown) {
      const r = regionOf(z);
      if (!byRegion.has(r)) byRegion.set(r, []);
      byRegion.get(r)!.push(z);
    }
    return [...byRegion.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [zones, query, value]);

  return (
    <div class="field tz">
      <label for="time_zone">{t('tz.label')}</label>
      <p class="hint" id="time_zone-hint">{hint ?? t('tz.hint')}</p>
      {device && device !== value && (
        <button type="button" class="chip" onClick={() => onChange(device)}>{t('tz.useDevice', { zone: cityOf(device) })}</button>
      )}
      <label class="sr-only" for="time_zone-search">{t('tz.search')}</label>
      <input id="time_zone-search" type="search" placeholder={t('tz.search')} value={query} autocomplete="off"
        onInput={(e) => setQuery((e.target as HTMLInputElement).value)} aria-controls="time_zone" />
      <select id="time_zone" value={value} aria-describedby={`time_zone-hint${error ? ' time_zone-error' : ''}`} aria-invalid={error ? 'true' : undefined}
        onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        {groups.map(([region, list]) => (
          <optgroup key={region} label={region}>
            {list.map((z) => <option key={z} value={z}>{cityOf(z)}</option>)}
          </optgroup>
        ))}
      </select>
      {error && <p class="error" id="time_zone-error" role="alert">{error}</p>}
    </div>
  );
}
