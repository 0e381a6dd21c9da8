import { useState } from 'preact/hooks';
import { signIn, type User } from '../../api/accounts';
import { t } from '../../i18n';
import { Notice, PasswordField, TextField, useAction } from '../../ui/components';

export function SignIn({ onSignedIn, joinCode }: { onSignedIn: (u: User) => void; joinCode?: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(async () => onSignedIn(await signIn(email, password)));
  const error = action.error;
  const suffix = joinCode ? `?join=${encodeURIComponent(joinCode)}` : '';

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
    </main>
  );
}
