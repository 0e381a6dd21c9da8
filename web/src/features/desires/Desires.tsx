// The desire map: what you both want comes first; marking your own wishes is quick
// yes / maybe / no choices, by category. A "no" is never shown to anyone.
import { useEffect, useState } from 'preact/hooks';
import { clearDesire, desireMap, matches, myDesires, setDesire, type DesireAnswer, type DesireCategory, type Match } from '../../api/desires';
import { Card, Notice, Privacy } from '../../ui/components';

const CHOICES: { value: DesireAnswer; label: string }[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'maybe', label: 'Maybe' },
  { value: 'no', label: 'No' },
];

export function Desires({ partnerName, marking }: { partnerName: string; marking: boolean }) {
  return marking ? <MarkWishes partnerName={partnerName} /> : <BothWant partnerName={partnerName} />;
}

function BothWant({ partnerName }: { partnerName: string }) {
  const [found, setFound] = useState<Match[] | null>(null);
  const [categories, setCategories] = useState<DesireCategory[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([matches(), desireMap()]).then(([m, c]) => { setFound(m); setCategories(c); }, (e) => setError(e.detail));
  }, []);
  if (error) return <Notice kind="error">{error}</Notice>;
  if (!found) return <p aria-busy="true">Loading…</p>;
  return (
    <>
      <Card title="What you both want" id="matches-title">
        {found.length === 0 ? (
          <p>Nothing here yet. When you and {partnerName} both say yes or maybe to the same thing, it appears here.</p>
        ) : (
          categories.filter((c) => found.some((m) => m.category === c.id)).map((c) => (
            <section key={c.id} class="matches">
              <h3>{c.title}</h3>
              <ul data-testid="matches">
                {found.filter((m) => m.category === c.id).map((m) => <li key={m.id}>{m.text}</li>)}
              </ul>
            </section>
          ))
        )}
        <Privacy>Only what you both said yes or maybe to is shown — never who chose which, and never a "no".</Privacy>
      </Card>
      <a class="button" href="/connect/desires/mark">Mark your wishes</a>
    </>
  );
}

function MarkWishes({ partnerName }: { partnerName: string }) {
  const [categories, setCategories] = useState<DesireCategory[] | null>(null);
  const [answers, setAnswers] = useState<Record<string, DesireAnswer>>({});
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([desireMap(), myDesires()]).then(([c, a]) => { setCategories(c); setAnswers(a); }, (e) => setError(e.detail));
  }, []);

  async function choose(item: string, value: DesireAnswer | null) {
    const before = answers[item];
    setAnswers((a) => {
      const next = { ...a };
      if (value) next[item] = value;
      else delete next[item];
      return next;
    });
    try {
      if (value) await setDesire(item, value);
      else await clearDesire(item);
      setError(null);
    } catch (e) {
      setAnswers((a) => ({ ...a, ...(before ? { [item]: before } : {}) }));
      setError((e as { detail?: string }).detail ?? 'That choice was not saved. Please try again.');
    }
  }

  if (!categories) return error ? <Notice kind="error">{error}</Notice> : <p aria-busy="true">Loading…</p>;
  return (
    <>
      <p><a href="/connect/desires">← What you both want</a></p>
      <Privacy>Your choices are private. Something appears for {partnerName} only if you both say yes or maybe.</Privacy>
      {error && <Notice kind="error">{error}</Notice>}
      {categories.map((c) => (
        <Card key={c.id} title={c.title} id={`cat-${c.id}`}>
          <ul class="wishes">
            {c.items.map((item) => (
              <li key={item.id} class="wish">
                <span id={`wish-${item.id}`}>{item.text}</span>
                <div class="choice" role="radiogroup" aria-labelledby={`wish-${item.id}`}>
                  {CHOICES.map((ch) => (
                    <label key={ch.value} class={`choice__option${answers[item.id] === ch.value ? ' choice__option--chosen' : ''}`}>
                      <input type="radio" name={`wish-${item.id}`} value={ch.value} checked={answers[item.id] === ch.value}
                        onChange={() => choose(item.id, ch.value)} />
                      <span>{ch.label}</span>
                    </label>
                  ))}
                  {answers[item.id] && (
                    <button type="button" class="link-button small" onClick={() => choose(item.id, null)}
                      aria-label={`Clear my answer to ${item.text}`}>Clear</button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </Card>
      ))}
      <p class="muted">Want to see sexual wishes too? You can switch them on in <a href="/settings">Settings</a>; they appear only if you both do.</p>
    </>
  );
}
