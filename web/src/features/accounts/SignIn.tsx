import { useState } from 'preact/hooks';
import { completeSignIn, signIn, type User } from '../../api/accounts';
import { t } from '../../i18n';
import { Notice, PasswordField, TextField, useAction } from '../../ui/components';
import { TherapistLink } from './SignUp';

export function SignIn({ onSignedIn, joinCode }: { onSignedIn: (u: User) => void; joinCode?: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<string | null>(null);
  const action = useAction(async () => {
    const r = await signIn(email, password);
    if ('user' in r) onSignedIn(r.user);
    else setChallenge(r.challenge);
  });
  const error = action.error;
  const suffix = joinCode ? `?join=${encodeURIComponent(joinCode)}` : '';

  if (challenge) {
    return <SecondStep challenge={challenge} onSignedIn={onSignedIn} onStartOver={() => { setChallenge(null); setPassword(''); }} />;
  }
  return (
    <main class="narrow" id="main">
      <h1>{t('signin.title')}</h1>
      {joinCode && <Notice>{t('welcome.invited')}</Notice>}
      <form onSubmit={action.submit} noValidate>
        {error && (error.status === 429 || error.fields.length === 0) && (
          <Notice kind="error">
            {error.status === 429 ? t('signin.tooMany', { count: Math.ceil((error.retryAfter ?? 60) / 60) }) : error.detail}
          </Notice>
        )}
        <TextField id="email" label={t('field.email')} type="email" autocomplete="username" required value={email} onInput={setEmail}
          error={error?.fieldMessage('email')} />
        <PasswordField id="password" label={t('field.password')} autocomplete="current-password" required value={password} onInput={setPassword}
          error={error?.fieldMessage('password')} />
        <button class="button" type="submit" disabled={action.busy}>{action.busy ? t('signin.busy') : t('signin.action')}</button>
      </form>
      <p><a href="/forgot-password">{t('signin.forgot')}</a></p>
      <p>{t('signin.new')} <a href={`/signup${suffix}`}>{t('welcome.create')}</a></p>
      {!joinCode && <TherapistLink />}
    </main>
  );
}

// The second step for an account with a second factor: a code from the app, or one
// recovery code. A spent or expired challenge starts over at the password.
function SecondStep({ challenge, onSignedIn, onStartOver }: { challenge: string; onSignedIn: (u: User) => void; onStartOver: () => void }) {
  const [recovery, setRecovery] = useState(false);
  const [value, setValue] = useState('');
  const action = useAction(async () => onSignedIn(await completeSignIn(challenge, recovery ? { recovery_code: value } : { code: value })));
  const error = action.error;
  const expired = error?.status === 401 && error.fields.length === 0;

  return (
    <main class="narrow" id="main">
      <h1>{t('signin.codeTitle')}</h1>
      <p>{recovery ? t('signin.recoveryIntro') : t('signin.codeIntro')}</p>
      <form onSubmit={action.submit} noValidate>
        {error && error.fields.length === 0 && (
          <Notice kind="error">
            {error.status === 429 ? t('signin.tooMany', { count: Math.ceil((error.retryAfter ?? 60) / 60) }) : error.detail}
          </Notice>
        )}
        {expired ? (
          <button type="button" class="button" onClick={onStartOver}>{t('signin.startOver')}</button>
        ) : (
          <>
            {recovery ? (
              <TextField id="recovery_code" label={t('signin.recoveryCode')} autocomplete="off" required value={value}
                onInput={setValue} maxLength={64} error={error?.fieldMessage('code')} />
            ) : (
              <TextField id="code" label={t('signin.code')} autocomplete="one-time-code" inputMode="numeric" required value={value}
                onInput={setValue} maxLength={12} error={error?.fieldMessage('code')} />
            )}
            <button class="button" type="submit" disabled={action.busy}>{action.busy ? t('signin.busy') : t('signin.action')}</button>
          </>
        )}
      </form>
      {!expired && (
        <p>
          <button type="button" class="link-button" onClick={() => { setRecovery(!recovery); setValue(''); }}>
            {recovery ? t('signin.useApp') : t('signin.useRecovery')}
          </button>
        </p>
      )}
    </main>
  );
}
