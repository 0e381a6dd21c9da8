import { useEffect, useState } from 'preact/hooks';
import { changePassword, eraseAccount, requestEmailVerification, signOut, updateProfile, type User } from '../../api/accounts';
import { getCouple, leaveCouple, partnerName, type Couple } from '../../api/couples';
import { LANGUAGES, setLanguage, t } from '../../i18n';
import { Card, Notice, PasswordField, Privacy, Switch, TextField, useAction } from '../../ui/components';
import { SecondFactor } from './SecondFactor';
import { TimeZonePicker } from './TimeZonePicker';
import { MeTabs } from '../me/MeTabs';

// Where the app sends a person whose role needs a second factor they have not set up.
export const SECOND_FACTOR_NEEDED = '/settings?why=second-factor';

export function Settings({ user, onUser, onSignedOut }: { user: User; onUser: (u: User) => void; onSignedOut: () => void }) {
  const needed = new URLSearchParams(location.search).get('why') === 'second-factor';
  // A therapist's account is for their practice: no couple, no sexual content.
  const therapist = user.roles.includes('therapist');
  const [factorOn, setFactorOn] = useState<boolean | null>(null);
  return (
    <main id="main">
      <h1>{t('title.settings')}</h1>
      {!therapist && <MeTabs path="/settings" />}
      {needed && factorOn && <FactorOn therapist={therapist} />}
      {needed && <SecondFactor onState={(s) => setFactorOn(s.enabled)}
        reason={therapist ? t('settings.factorNeededTherapist') : t('settings.factorNeeded')} />}
      {user.roles.includes('operator') && (
        <Card title={t('settings.operatorTitle')} id="operator-title">
          <p>{t('settings.operatorBody')}</p>
          <a class="button" href="/operator">{t('settings.operatorOpen')}</a>
        </Card>
      )}
      <Profile user={user} onUser={onUser} />
      <Language user={user} onUser={onUser} />
      {!therapist && <SexualContent user={user} onUser={onUser} />}
      {!therapist && <CoupleSettings />}
      <Password />
      {!needed && <SecondFactor />}
      <Email user={user} onUser={onUser} />
      <Card title={t('settings.signOutTitle')} id="signout-title">
        <button type="button" class="button button--quiet" onClick={async () => { await signOut().catch(() => {}); onSignedOut(); }}>
          {t('settings.signOut')}
        </button>
      </Card>
      <DeleteAccount onDeleted={onSignedOut} />
    </main>
  );
}

// Settings opened for want of a second factor, which is now on: where to go next.
function FactorOn({ therapist }: { therapist: boolean }) {
  return <Notice kind="success">{t('settings.factorDone')} {therapist && <a href="/practice">{t('settings.factorNext')}</a>}</Notice>;
}

function Profile({ user, onUser }: { user: User; onUser: (u: User) => void }) {
  const [name, setName] = useState(user.display_name);
  const [zone, setZone] = useState(user.time_zone);
  const [saved, setSaved] = useState(false);
  const action = useAction(async () => {
    setSaved(false);
    onUser(await updateProfile({ display_name: name, time_zone: zone }));
    setSaved(true);
  });
  const error = action.error;

  return (
    <Card title={t('settings.aboutYou')} id="profile-title">
      <form onSubmit={action.submit} noValidate>
        {saved && !error && <Notice kind="success">{t('settings.saved')}</Notice>}
        {action.generalError && <Notice kind="error">{action.generalError}</Notice>}
        <TextField id="display_name" label={t('field.name')} maxLength={60} value={name} onInput={setName} autocomplete="nickname"
          error={error?.fieldMessage('display_name')} />
        <TimeZonePicker value={zone} onChange={setZone} error={error?.fieldMessage('time_zone')} />
        <button class="button" type="submit" disabled={action.busy}>{t('settings.save')}</button>
      </form>
    </Card>
  );
}

function Language({ user, onUser }: { user: User; onUser: (u: User) => void }) {
  const current = (user.language in LANGUAGES ? user.language : 'en') as keyof typeof LANGUAGES;
  const action = useAction(async (language: string) => {
    const next = await updateProfile({ language });
    setLanguage(next.language);
    onUser(next);
  });
  return (
    <Card title={t('settings.languageTitle')} id="language-title">
      {action.generalError && <Notice kind="error">{action.generalError}</Notice>}
      <div class="field">
        <label for="language">{t('settings.language')}</label>
        <p class="hint" id="language-hint">{t('settings.languageHint')}</p>
        <select id="language" value={current} aria-describedby="language-hint" disabled={action.busy}
          onChange={(e) => action.run((e.target as HTMLSelectElement).value)}>
          {Object.entries(LANGUAGES).map(([tag, name]) => <option key={tag} value={tag} lang={tag}>{name}</option>)}
        </select>
      </div>
    </Card>
  );
}

function SexualContent({ user, onUser }: { user: User; onUser: (u: User) => void }) {
  return (
    <Card title={t('settings.sexualTitle')} id="sexual-title">
      <p>{t('settings.sexualBody')}</p>
      <Switch label={t('settings.sexualSwitch')} checked={user.sexual_content}
        save={async (on) => onUser(await updateProfile({ sexual_content: on }))} />
      <Privacy>{t('settings.sexualPrivacy')}</Privacy>
    </Card>
  );
}

function CoupleSettings() {
  const [couple, setCouple] = useState<Couple | null | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const leaving = useAction(async () => { await leaveCouple(); setCouple(null); });
  useEffect(() => { getCouple().then(setCouple, () => setCouple(null)); }, []);
  const partner = partnerName(couple) ?? '';
  if (!couple) return null;

  return (
    <Card title={t('settings.coupleTitle')} id="couple-settings-title">
      <p>{t('settings.connectedWith', { name: partner })}</p>
      {leaving.error && <Notice kind="error">{leaving.error.detail}</Notice>}
      {confirming ? (
        <div class="confirm" role="group" aria-label={t('settings.leaveConfirmLabel')}>
          <p>{t('settings.leaveBody', { name: partner })}</p>
          <button type="button" class="button button--danger" disabled={leaving.busy} onClick={() => leaving.run()}>{t('settings.leave')}</button>
          <button type="button" class="button button--quiet" onClick={() => setConfirming(false)}>{t('settings.keep')}</button>
        </div>
      ) : (
        <button type="button" class="button button--quiet" onClick={() => setConfirming(true)}>{t('settings.leaveStart')}</button>
      )}
    </Card>
  );
}

function Password() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const action = useAction(async () => {
    setDone(false);
    await changePassword(current, next);
    setCurrent('');
    setNext('');
    setDone(true);
  });
  const error = action.error;

  return (
    <Card title={t('settings.passwordTitle')} id="password-title">
      <form onSubmit={action.submit} noValidate>
        {done && !error && <Notice kind="success">{t('settings.passwordChanged')}</Notice>}
        {action.generalError && <Notice kind="error">{action.generalError}</Notice>}
        <PasswordField id="current_password" label={t('settings.currentPassword')} autocomplete="current-password" value={current}
          onInput={setCurrent} error={error?.fieldMessage('current_password')} />
        <PasswordField id="new_password" label={t('settings.newPassword')} autocomplete="new-password" value={next} onInput={setNext}
          hint={t('field.passwordHint')} error={error?.fieldMessage('new_password')} />
        <button class="button" type="submit" disabled={action.busy}>{t('settings.changePassword')}</button>
      </form>
    </Card>
  );
}

function Email({ user, onUser }: { user: User; onUser: (u: User) => void }) {
  const [sent, setSent] = useState(false);
  const confirm = useAction(async () => {
    await requestEmailVerification();
    setSent(true);
  });
  return (
    <Card title={t('settings.emailTitle')} id="email-title">
      <p>{user.email}</p>
      {!user.email_verified && (
        <>
          <p class="muted">{t('settings.emailUnconfirmed')}</p>
          {sent ? <Notice kind="success">{t('settings.emailSent')}</Notice> : (
            <button type="button" class="button button--quiet" disabled={confirm.busy} onClick={() => confirm.run()}>{t('settings.emailConfirm')}</button>
          )}
          {confirm.generalError && <Notice kind="error">{confirm.generalError}</Notice>}
        </>
      )}
      <Switch label={t('settings.noticeSwitch')} hint={t('settings.noticeHint')} checked={user.sign_in_notice}
        save={async (on) => onUser(await updateProfile({ sign_in_notice: on }))} />
    </Card>
  );
}

function DeleteAccount({ onDeleted }: { onDeleted: () => void }) {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const action = useAction(async () => {
    await eraseAccount(password);
    onDeleted();
  });
  const error = action.error;

  return (
    <Card title={t('settings.deleteTitle')} id="delete-title">
      <p>{t('settings.deleteBody')}</p>
      {open ? (
        <form onSubmit={action.submit} noValidate>
          {action.generalError && <Notice kind="error">{action.generalError}</Notice>}
          <PasswordField id="delete_password" label={t('settings.deletePassword')} autocomplete="current-password" value={password}
            onInput={setPassword} error={error?.fieldMessage('password')} />
          <button class="button button--danger" type="submit" disabled={action.busy}>{t('settings.delete')}</button>
          <button type="button" class="button button--quiet" onClick={() => setOpen(false)}>{t('settings.cancel')}</button>
        </form>
      ) : (
        <button type="button" class="button button--quiet" onClick={() => setOpen(true)}>{t('settings.deleteStart')}</button>
      )}
    </Card>
  );
}
