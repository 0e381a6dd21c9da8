// A forgotten password: ask for a link (the answer never says whether the address has an
// account), then set a new password from the link. A reset signs out every device.
import { useRef, useState } from 'preact/hooks';
import { completePasswordReset, requestPasswordReset } from '../../api/accounts';
import { t } from '../../i18n';
import { Notice, PasswordField, TextField, useAction } from '../../ui/components';
import { tokenFromLink } from './Verify';

export function ForgotPassword() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const action = useAction(async () => {
    await requestPasswordReset(email);
    setSent(true);
  });
  return (
    <main class="narrow" id="main">
      <h1>{t('forgot.title')}</h1>
      {sent ? (
        <Notice kind="success">{t('forgot.sent')}</Notice>
      ) : (
        <form onSubmit={action.submit} noValidate>
          <p>{t('forgot.lead')}</p>
          {action.generalError && <Notice kind="error">{action.error?.status === 429 ? t('forgot.tooMany') : action.generalError}</Notice>}
          <TextField id="email" label={t('field.email')} type="email" autocomplete="username" required value={email} onInput={setEmail}
            error={action.error?.fieldMessage('email')} />
          <button class="button" type="submit" disabled={action.busy}>{t('forgot.action')}</button>
        </form>
      )}
      <p><a href="/signin">{t('forgot.back')}</a></p>
    </main>
  );
}

export function ResetPassword() {
  const token = useRef(tokenFromLink());
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const action = useAction(async () => {
    await completePasswordReset(token.current, password);
    setPassword('');
    setDone(true);
  });
  const expired = !token.current || action.error?.status === 410;
  return (
    <main class="narrow" id="main">
      <h1>{t('reset.title')}</h1>
      {done ? (
        <>
          <Notice kind="success">{t('reset.done')}</Notice>
          <a class="button" href="/signin">{t('signin.action')}</a>
        </>
      ) : expired ? (
        <>
          <p>{t('reset.expired')}</p>
          <a class="button" href="/forgot-password">{t('forgot.action')}</a>
        </>
      ) : (
        <form onSubmit={action.submit} noValidate>
          {action.generalError && <Notice kind="error">{action.generalError}</Notice>}
          <PasswordField id="password" label={t('settings.newPassword')} autocomplete="new-password" required value={password}
            onInput={setPassword} hint={t('field.passwordHint')} error={action.error?.fieldMessage('password')} />
          <button class="button" type="submit" disabled={action.busy}>{t('reset.action')}</button>
        </form>
      )}
    </main>
  );
}
