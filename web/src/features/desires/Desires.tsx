// The desire map: what you both want comes first; marking your own wishes is quick
// yes / maybe / no choices, one category at a time. A "no" is never shown to anyone.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { clearDesire, desireMap, matches, myDesires, setDesire, type DesireAnswer, type DesireCategory, type Match } from '../../api/desires';
import { t, type Key } from '../../i18n';
import { Card, LoadError, Moment, Notice, Privacy, Skeleton } from '../../ui/components';
import { Icon, type IconName } from '../../ui/icons';
import { navigate } from '../../ui/router';

const CHOICES: { value: DesireAnswer; label: Key; icon: IconName }[] = [
  { value: 'yes', label: 'desires.yes', icon: 'check' },
  { value: 'maybe', label: 'desires.maybe', icon: 'maybe' },
  { value: 'no', label: 'desires.no', icon: 'close' },
];

export function Desires({ partnerName, marking }: { partnerName: string; marking: boolean }) {
  return marking ? <MarkWishes partnerName={partnerName} /> : <BothWant partnerName={partnerName} />;
}

function BothWant({ partnerName }: { partnerName: string }) {
  const [found, setFound] = useState<{ matches: Match[]; categories: DesireCategory[] } | ApiError | null>(null);
  const load = () => Promise.all([matches(), desireMap()]).then(([m, c]) => setFound({ matches: m, categories: c }), (e: ApiError) => setFound(e));
  useEffect(() => { void load(); }, []);
  if (found instanceof ApiError) return <LoadError error={found} retry={load} />;
  if (!found) return <Skeleton lines={3} />;
  const { matches: both, categories } = found;
  return (
    <>
      {both.length === 0 ? (
        <Card title={t('desires.bothTitle')} id="matches-title">
          <p>{t('desires.noneYet', { name: partnerName })}</p>
        </Card>
      ) : (
        <>
          <Moment title={t('desires.matchCount', { count: both.length, name: partnerName })}>{t('desires.matchBody')}</Moment>
          {categories.filter((c) => both.some((m) => m.category === c.id)).map((c) => (
            <section key={c.id} class="matches" aria-labelledby={`match-${c.id}`}>
              <h2 id={`match-${c.id}`}>{c.title}</h2>
              <ul class="match-tiles" data-testid="matches">
                {both.filter((m) => m.category === c.id).map((m) => (
                  <li key={m.id} class="match-tile"><Icon name="connect" />{m.text}</li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
      <Privacy>{t('desires.bothPrivacy')}</Privacy>
      <a class="button" href="/connect/desires/mark">{t('desires.mark')}</a>
    </>
  );
}

function MarkWishes({ partnerName }: { partnerName: string }) {
  const [data, setData] = useState<{ categories: DesireCategory[] } | ApiError | null>(null);
  const [answers, setAnswers] = useState<Record<string, DesireAnswer>>({});
  const [saved, setSaved] = useState<Record<string, 'saving' | 'saved'>>({});
  const [error, setError] = useState<string | null>(null);
  const index = Math.max(0, Number(new URLSearchParams(location.search).get('c') ?? 0) || 0);
  const load = () => Promise.all([desireMap(), myDesires()]).then(([c, a]) => { setData({ categories: c }); setAnswers(a); }, (e: ApiError) => setData(e));
  useEffect(() => { void load(); }, []);

  async function choose(item: string, value: DesireAnswer | null) {
    const before = answers[item];
    setAnswers((a) => {
      const next = { ...a };
      if (value) next[item] = value;
      else delete next[item];
      return next;
    });
    setSaved((s) => ({ ...s, [item]: 'saving' }));
    try {
      if (value) await setDesire(item, value);
      else await clearDesire(item);
      setError(null);
      setSaved((s) => ({ ...s, [item]: 'saved' }));
    } catch (e) {
      setAnswers((a) => {
        const next = { ...a };
        if (before) next[item] = before;
        else delete next[item];
        return next;
      });
      setSaved((s) => { const next = { ...s }; delete next[item]; return next; });
      setError((e as ApiError).detail ?? t('desires.notSaved'));
    }
  }

  if (data instanceof ApiError) return <LoadError error={data} retry={load} />;
  if (!data) return <Skeleton lines={4} />;
  const categories = data.categories;
  const at = Math.min(index, categories.length - 1);
  const c = categories[at];
  const answeredHere = c.items.filter((i) => answers[i.id]).length;
  const answeredAll = categories.reduce((n, cat) => n + cat.items.filter((i) => answers[i.id]).length, 0);
  const total = categories.reduce((n, cat) => n + cat.items.length, 0);
  const go = (i: number) => navigate(`/connect/desires/mark?c=${i}`);
  return (
    <>
      <p><a href="/connect/desires" class="back-link"><Icon name="back" size={18} />{t('desires.bothTitle')}</a></p>
      <Privacy>{t('desires.markPrivacy', { name: partnerName })}</Privacy>
      <p class="check__meta" data-testid="desire-progress">
        {t('desires.progress', { at: at + 1, of: categories.length, answered: answeredAll, total })}
      </p>
      <div class="progress" role="progressbar" aria-label={t('desires.progressLabel')} aria-valuemin={0} aria-valuemax={total} aria-valuenow={answeredAll}>
        <div class="progress__bar" style={{ width: `${(answeredAll / Math.max(1, total)) * 100}%` }} />
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      <Card title={c.title} id={`cat-${c.id}`}>
        <p class="muted small">{t('desires.categoryCount', { count: answeredHere, total: c.items.length })}</p>
        <ul class="wishes">
          {c.items.map((item) => (
            <li key={item.id} class="wish">
              <span id={`wish-${item.id}`}>{item.text}</span>
              <div class="choice" role="radiogroup" aria-labelledby={`wish-${item.id}`}>
                {CHOICES.map((ch) => (
                  <label key={ch.value} class={`choice__option choice__option--${ch.value}${answers[item.id] === ch.value ? ' choice__option--chosen' : ''}`}>
                    <input type="radio" name={`wish-${item.id}`} value={ch.value} checked={answers[item.id] === ch.value}
                      onChange={() => choose(item.id, ch.value)} />
                    <span><Icon name={ch.icon} size={16} />{t(ch.label)}</span>
                  </label>
                ))}
                {answers[item.id] && (
                  <button type="button" class="link-button small" onClick={() => choose(item.id, null)}
                    aria-label={t('desires.clearLabel', { item: item.text })}>{t('desires.clear')}</button>
                )}
                <span class="saved small" aria-live="polite">{saved[item.id] === 'saved' ? t('desires.saved') : saved[item.id] === 'saving' ? t('desires.saving') : ''}</span>
              </div>
            </li>
          ))}
        </ul>
      </Card>
      <div class="check__nav check__nav--sticky">
        <button type="button" class="button button--quiet" disabled={at === 0} onClick={() => go(at - 1)}>{t('desires.previous')}</button>
        {at + 1 < categories.length ? (
          <button type="button" class="button" onClick={() => go(at + 1)}>{t('desires.next', { category: categories[at + 1].title })}</button>
        ) : (
          <a class="button" href="/connect/desires">{t('desires.done')}</a>
        )}
      </div>
      {!categories.some((cat) => cat.sexual) && <p class="muted">{t('desires.sexualHint')} <a href="/settings">{t('title.settings')}</a></p>}
    </>
  );
}
