// The one-click unsubscribe link in every reminder: /unsubscribe#token=…, signed in or not.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { unsubscribe } from '../../api/together';
import { t } from '../../i18n';
import { LoadError, Skeleton } from '../../ui/components';

export function Unsubscribe() {
  const [state, setState] = useState<'working' | 'done' | ApiError>('working');
  const run = () => {
    const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
    history.replaceState(null, '', '/unsubscribe');  // the token leaves the address at once
    unsubscribe(token).then(() => setState('done'), (e: ApiError) => setState(e));
  };
  useEffect(run, []);
  return (
    <main id="main" class="narrow">
      <h1>{t('unsubscribe.title')}</h1>
      {state === 'working' ? <Skeleton /> : state === 'done' ? (
        <>
          <p>{t('unsubscribe.done')}</p>
          <a class="button" href="/together">{t('unsubscribe.settings')}</a>
        </>
      ) : <LoadError error={state} />}
    </main>
  );
}
