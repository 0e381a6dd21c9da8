import { useState } from 'preact/hooks';
import { signUp, type User } from '../../api/accounts';
import { language, t } from '../../i18n';
import { Notice, PasswordField, TextField, useAction } from '../../ui/components';

export function SignUp({ onSignedIn, joinCode }: { onSignedIn: (u: User) => void; joinCode?: string }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(async () => {
    const time_zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    onSignedIn(await signUp({ email, password, display_name: name, time_zone, language: language() }));
  });
  const error = action.error;

  return (
    <main class="narrow" id="main">
      <h1>{t('title.signup')}</h1>
      <p>{joinCode ? t('signup.leadInvited') : t('signup.lead')}</p>
      <form onSubmit={action.submit} noValidate>
        {action.generalError && <Notice kind="error">{action.generalError}</Notice>}
        <TextField id="email" label={t('field.email')} type="email" autocomplete="email" required value={email} onInput={setEmail}
          error={error?.fieldMessage('email')} />
        <TextField id="display_name" label={t('field.name')} hint={t('field.nameHint')} autocomplete="nickname" required
          maxLength={60} value={name} onInput={setName} error={error?.fieldMessage('display_name')} />
        <PasswordField id="password" label={t('field.password')} autocomplete="new-password" required value={password} onInput={setPassword}
          hint={t('field.passwordHint')} error={error?.fieldMessage('password')} />
        <button class="button" type="submit" disabled={action.busy}>{action.busy ? t('signup.busy') : t('signup.action')}</button>
      </form>
      <p>{t('signup.haveAccount')} <a href={`/signin${joinCode ? `?join=${encodeURIComponent(joinCode)}` : ''}`}>{t('signin.action')}</a></p>
    </main>
  );
}
