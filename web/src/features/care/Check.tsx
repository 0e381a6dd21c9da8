// The private check: seven questions answered alone, once. The result is the person's
// own: help on their own when it asks for that, and the help lines for their country.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { getScreen, inLanguage, takeScreen, type ResultText, type Screen } from '../../api/care';
import { language, t } from '../../i18n';
import { LoadError, Notice, Privacy, Skeleton, useAction } from '../../ui/components';
import { HelpLines } from './HelpLines';

export function CheckPage() {
  const [screen, setScreen] = useState<Screen | ApiError | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ outcome: 'clear' | 'concerning'; result: ResultText } | null>(null);
  // A result answered before is shown only when asked for: a glance at the screen shows nothing.
  const [reveal, setReveal] = useState(false);
  const load = () => getScreen().then(setScreen, (e: ApiError) => setScreen(e));
  useEffect(() => { void load(); }, []);
  const send = useAction(async () => setResult(await takeScreen(answers)));
  const lang = language();

  if (screen === null) return <main id="main"><h1>{t('care.check.title')}</h1><Skeleton lines={4} /></main>;
  if (screen instanceof ApiError) return <main id="main"><h1>{t('care.check.title')}</h1><LoadError error={screen} retry={load} /></main>;
  if (screen.taken && !result && !reveal) {
    return (
      <main id="main" class="narrow">
        <h1>{t('care.check.title')}</h1>
        <p>{t('care.check.taken')}</p>
        <button type="button" class="button" onClick={() => setReveal(true)}>{t('care.check.show')}</button>
        <p><a href="/care">{t('care.check.back')}</a></p>
      </main>
    );
  }
  const shown = result ?? (screen.taken && screen.outcome && screen.result ? { outcome: screen.outcome, result: screen.result } : null);
  if (shown) {
    return (
      <main id="main" class="narrow">
        <h1>{inLanguage(shown.result.title, lang)}</h1>
        <p data-testid="check-result">{inLanguage(shown.result.body, lang)}</p>
        {shown.outcome === 'concerning' && <HelpLines />}
        <p><a class="button" href="/care">{t('care.check.back')}</a></p>
      </main>
    );
  }
  const missing = screen.questions.filter((q) => !answers[q.id]).length;
  return (
    <main id="main" class="narrow">
      <h1>{inLanguage(screen.title, lang)}</h1>
      <p>{inLanguage(screen.intro, lang)}</p>
      <Privacy>{t('care.check.private')}</Privacy>
      <form onSubmit={(e) => { e.preventDefault(); void send.run(); }} data-testid="check-form">
        {screen.questions.map((q, i) => (
          <fieldset key={q.id} class="checks">
            <legend>{`${i + 1}. ${inLanguage(q.text, lang)}`}</legend>
            <div class="checks__list">
              {q.choices.map((c) => (
                <label key={c.id} class="check-option">
                  <input type="radio" name={q.id} value={c.id} checked={answers[q.id] === c.id}
                    onChange={() => setAnswers({ ...answers, [q.id]: c.id })} />
                  <span>{inLanguage(c.text, lang)}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        {send.generalError && <Notice kind="error">{send.generalError}</Notice>}
        {send.error && send.error.fields.length > 0 && <Notice kind="error">{send.error.fields[0].message}</Notice>}
        <button type="submit" class="button" disabled={send.busy || missing > 0}>
          {missing > 0 ? t('care.check.left', { n: missing }) : t('care.check.send')}
        </button>
      </form>
    </main>
  );
}
