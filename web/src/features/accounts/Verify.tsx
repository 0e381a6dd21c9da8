// The page an e-mailed link opens: /verify#token=… (the token is in the fragment, so it
// reaches no server's logs). It takes the token out of the address at once, then uses
// it: a sign-up's link makes the account and signs in; an existing account's link
// confirms its address.
import { useEffect, useRef, useState } from 'preact/hooks';
import { confirmEmail, type User } from '../../api/accounts';
import { ApiError } from '../../api/client';
import { t } from '../../i18n';
import { LoadError, Notice, Skeleton } from '../../ui/components';

export function tokenFromLink(): string {
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  if (location.hash) history.replaceState(null, '', location.pathname);
  return token;
}

export function Verify({ onSignedIn }: { onSignedIn: (u: User) => void }) {
  const [state, setState] = useState<'working' | 'confirmed' | 'expired' | ApiError>('working');
  const started = useRef(false);
  const run = (token: string) => {
    if (!token) return setState('expired');
    confirmEmail(token).then(
      (u) => (u ? onSignedIn(u) : setState('confirmed')),
      (e: ApiError) => setState(e.status === 410 || e.status === 400 ? 'expired' : e),
    );
  };
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    run(tokenFromLink());
  }, []);

  return (
    <main class="narrow" id="main">
      <h1>{state === 'expired' ? t('verify.expiredTitle') : state === 'confirmed' ? t('verify.confirmedTitle') : t('verify.title')}</h1>
      {state === 'working' && <Skeleton lines={1} label={t('verify.working')} />}
      {state instanceof ApiError && <LoadError error={state} />}
      {state === 'confirmed' && (
        <>
          <Notice kind="success">{t('verify.confirmedBody')}</Notice>
          <a class="button" href="/home">{t('title.home')}</a>
        </>
      )}
      {state === 'expired' && (
        <>
          <p>{t('verify.expiredBody')}</p>
          <a class="button" href="/signup">{t('welcome.create')}</a>
          <a class="button button--quiet" href="/signin">{t('signin.action')}</a>
        </>
      )}
    </main>
  );
}
