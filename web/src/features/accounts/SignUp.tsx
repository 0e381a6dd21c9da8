import { useState } from 'preact/hooks';
import { signUp } from '../../api/accounts';
import { language, t } from '../../i18n';
import { Notice, PasswordField, TextField, useAction } from '../../ui/components';
import { Icon } from '../../ui/icons';
import { saveJoinCode } from './joinCode';

// Signing up sends a link; the account is made when it is opened (Verify). The answer
// is the same for an address that already has an account, so nobody can test addresses.
// `therapist`: the therapist's path (/join/therapist), which says what joining takes
// and asks for an account with the therapist role.
export function SignUp({ joinCode, therapist = false }: { joinCode?: string; therapist?: boolean }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const action = useAction(async () => {
    const time_zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    const r = await signUp({ email, password, display_name: name, time_zone, language: language(), ...(therapist ? { role: 'therapist' as const } : {}) });
    if (joinCode) saveJoinCode(joinCode);
    setSentTo(r.email);
    setPassword('');
    requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
  });
  const error = action.error;

  if (sentTo)
    return (
      <main class="narrow" id="main">
        <h1 tabIndex={-1}>{t('signup.checkTitle')}</h1>
        <p class="first-run__big"><Icon name="mail" size={28} /> {t('signup.checkBody', { email: sentTo })}</p>
        <p class="muted">{t('signup.checkHint')}</p>
        <button type="button" class="link-button" onClick={() => setSentTo(null)}>{t('signup.checkWrong')}</button>
      </main>
    );

  return (
    <main class="narrow" id="main">
      <h1>{therapist ? t('title.joinTherapist') : t('title.signup')}</h1>
      {therapist ? <TherapistSteps /> : <p>{joinCode ? t('signup.leadInvited') : t('signup.lead')}</p>}
      <form onSubmit={action.submit} noValidate>
        {action.generalError && <Notice kind="error">{action.generalError}</Notice>}
        <TextField id="email" label={t('field.email')} type="email" autocomplete="email" required value={email} onInput={setEmail}
          error={error?.fieldMessage('email')} />
        <TextField id="display_name" label={t('field.name')} hint={therapist ? t('therapistJoin.nameHint') : t('field.nameHint')}
          autocomplete={therapist ? 'name' : 'nickname'} required
          maxLength={60} value={name} onInput={setName} error={error?.fieldMessage('display_name')} />
        <PasswordField id="password" label={t('field.password')} autocomplete="new-password" required value={password} onInput={setPassword}
          hint={t('field.passwordHint')} error={error?.fieldMessage('password')} />
        <button class="button" type="submit" disabled={action.busy}>
          {action.busy ? t('signup.busy') : therapist ? t('therapistJoin.action') : t('signup.action')}
        </button>
      </form>
      <p>{t('signup.haveAccount')} <a href={`/signin${joinCode ? `?join=${encodeURIComponent(joinCode)}` : ''}`}>{t('signin.action')}</a></p>
      {therapist ? <p class="small muted">{t('therapistJoin.notTherapist')} <a href="/signup">{t('welcome.create')}</a></p> : !joinCode && <TherapistLink />}
    </main>
  );
}

// What joining as a therapist takes, in the order it happens.
function TherapistSteps() {
  return (
    <>
      <p>{t('therapistJoin.lead')}</p>
      <ol class="steps">
        <li><strong>{t('therapistJoin.step1')}</strong> {t('therapistJoin.step1Body')}</li>
        <li><strong>{t('therapistJoin.step2')}</strong> {t('therapistJoin.step2Body')}</li>
        <li><strong>{t('therapistJoin.step3')}</strong> {t('therapistJoin.step3Body')}</li>
        <li><strong>{t('therapistJoin.step4')}</strong> {t('therapistJoin.step4Body')}</li>
      </ol>
    </>
  );
}

// The discreet way to the therapist's path, under the sign-in and sign-up forms.
export function TherapistLink() {
  return <p class="small muted">{t('therapistJoin.areYou')} <a href="/join/therapist">{t('therapistJoin.link')}</a></p>;
}
