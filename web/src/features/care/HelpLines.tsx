// Help lines for a country, dated: emergency numbers, abuse lines and crisis lines. Open
// to anyone; rekindle passes nothing to these services.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { getHelpLines, inLanguage, type HelpLines as Lines } from '../../api/care';
import { formatCalendarDay, language, nameOf, t } from '../../i18n';
import { LoadError, SelectField, Skeleton } from '../../ui/components';

// A first guess at the country: the region of the browser's language ("es-MX": MX).
const guessCountry = () => (navigator.language.split('-')[1] ?? '').toUpperCase();

export function HelpLines() {
  const [country, setCountry] = useState(guessCountry());
  const [lines, setLines] = useState<Lines | ApiError | null>(null);
  useEffect(() => { setLines(null); getHelpLines(country).then(setLines, (e: ApiError) => setLines(e)); }, [country]);
  const lang = language();
  if (lines === null) return <Skeleton lines={3} />;
  if (lines instanceof ApiError) return <LoadError error={lines} retry={() => setCountry(country + '')} />;
  const options = [{ value: '', label: t('care.help.otherCountry') },
    ...lines.countries.map((c) => ({ value: c, label: nameOf('region', c) ?? c }))];
  return (
    <section class="card help-lines" aria-labelledby="help-title" data-testid="help-lines">
      <h2 id="help-title">{t('care.help.title')}</h2>
      <SelectField id="help-country" label={t('care.help.country')} value={lines.country === 'default' ? '' : lines.country}
        options={options} onChange={setCountry} />
      <ul class="entries">
        {lines.resources.map((r) => (
          <li key={r.name + r.phone}>
            <strong>{r.name}</strong>{' '}
            <a href={`tel:${r.phone.replace(/[^0-9+*]/g, '')}`}>{r.phone}</a>
            {r.text && <span>{' · '}{t('care.help.text', { number: r.text })}</span>}
            <br />
            <span class="hint">{inLanguage(r.hours, lang)}</span>
            <p>{inLanguage(r.about, lang)}</p>
            {r.url && <a href={r.url} rel="noreferrer noopener" target="_blank">{r.url.replace(/^https:\/\//, '')}</a>}
          </li>
        ))}
      </ul>
      <p class="hint">{inLanguage(lines.note, lang)} {t('care.help.checked', { date: formatCalendarDay(lines.checked) })}</p>
    </section>
  );
}
