import { useEffect, useMemo, useState } from 'preact/hooks';
import { changePassword, eraseAccount, signOut, updateProfile, type User } from '../../api/accounts';
import { getCouple, leaveCouple, type Couple } from '../../api/couples';
import { Card, Notice, PasswordField, Privacy, Switch, TextField, useAction } from '../../ui/components';

function timeZones(current: string): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const zones = intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
  return zones.includes(current) ? zones : [current, ...zones];
}

export function Settings({ user, onUser, onSignedOut }: { user: User; onUser: (u: User) => void; onSignedOut: () => void }) {
  return (
    <main id="main">
      <h1>Settings</h1>
      <Profile user={user} onUser={onUser} />
      <SexualContent user={user} onUser={onUser} />
      <CoupleSettings />
      <Password />
      <Card title="Sign out" id="signout-title">
        <button type="button" class="button button--quiet" onClick={async () => { await signOut().catch(() => {}); onSignedOut(); }}>
          Sign out on this device
        </button>
      </Card>
      <DeleteAccount onDeleted={onSignedOut} />
    </main>
  );
}

function Profile({ user, onUser }: { user: User; onUser: (u: User) => void }) {
  const [name, setName] = useState(user.display_name);
  const [zone, setZone] = useState(user.time_zone);
  const [saved, setSaved] = useState(false);
  const zones = useMemo(() => timeZones(user.time_zone), [user.time_zone]);
  const action = useAction(async () => {
    setSaved(false);
    onUser(await updateProfile({ display_name: name, time_zone: zone }));
    setSaved(true);
  });
  const error = action.error;

  return (
    <Card title="About you" id="profile-title">
      <form onSubmit={action.submit} noValidate>
        {saved && !error && <Notice kind="success">Saved.</Notice>}
        {action.generalError && <Notice kind="error">{action.generalError}</Notice>}
        <TextField id="display_name" label="Your name" maxLength={60} value={name} onInput={setName} autocomplete="nickname"
          error={error?.fieldMessage('display_name')} />
        <div class="field">
          <label for="time_zone">Time zone</label>
          <p class="hint" id="time_zone-hint">Reminders and the daily question follow it.</p>
          <select id="time_zone" value={zone} aria-describedby="time_zone-hint" onChange={(e) => setZone((e.target as HTMLSelectElement).value)}>
            {zones.map((z) => <option key={z} value={z}>{z.replaceAll('_', ' ')}</option>)}
          </select>
        </div>
        <button class="button" type="submit">Save</button>
      </form>
    </Card>
  );
}

function SexualContent({ user, onUser }: { user: User; onUser: (u: User) => void }) {
  return (
    <Card title="Sexual content" id="sexual-title">
      <p>
        Closeness has many forms — holding hands, cuddling, kissing, sex. rekindle shows sexual questions and wishes only
        if you switch them on, and only where your partner has switched them on too.
      </p>
      <Switch label="Show sexual content to me" checked={user.sexual_content}
        save={async (on) => onUser(await updateProfile({ sexual_content: on }))} />
      <Privacy>Your partner is not told whether this is on.</Privacy>
    </Card>
  );
}

function CoupleSettings() {
  const [couple, setCouple] = useState<Couple | null | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const leaving = useAction(async () => { await leaveCouple(); setCouple(null); });
  useEffect(() => { getCouple().then(setCouple, () => setCouple(null)); }, []);
  if (!couple) return null;
  const partner = couple.partners.find((p) => !p.is_me);

  return (
    <Card title="Your couple" id="couple-settings-title">
      <p>You are connected with {partner?.display_name}.</p>
      {leaving.error && <Notice kind="error">{leaving.error.detail}</Notice>}
      {confirming ? (
        <div class="confirm" role="group" aria-label="Confirm leaving">
          <p>Leaving ends sharing at once, for both of you. You each keep your own private notes. {partner?.display_name} is not sent a message.</p>
          <button type="button" class="button button--danger" disabled={leaving.busy} onClick={() => leaving.run()}>Leave the couple</button>
          <button type="button" class="button button--quiet" onClick={() => setConfirming(false)}>Keep it</button>
        </div>
      ) : (
        <button type="button" class="button button--quiet" onClick={() => setConfirming(true)}>Leave the couple…</button>
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
    <Card title="Password" id="password-title">
      <form onSubmit={action.submit} noValidate>
        {done && !error && <Notice kind="success">Password changed. Other devices have been signed out.</Notice>}
        {action.generalError && <Notice kind="error">{action.generalError}</Notice>}
        <PasswordField id="current_password" label="Current password" autocomplete="current-password" value={current}
          onInput={setCurrent} error={error?.fieldMessage('current_password')} />
        <PasswordField id="new_password" label="New password" autocomplete="new-password" value={next} onInput={setNext}
          hint="At least 15 characters. A few unrelated words work well." error={error?.fieldMessage('new_password')} />
        <button class="button" type="submit">Change password</button>
      </form>
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
    <Card title="Delete your account" id="delete-title">
      <p>This erases your account and everything private in it, for good. If you are in a couple, it ends.</p>
      {open ? (
        <form onSubmit={action.submit} noValidate>
          {action.generalError && <Notice kind="error">{action.generalError}</Notice>}
          <PasswordField id="delete_password" label="Your password, to confirm" autocomplete="current-password" value={password}
            onInput={setPassword} error={error?.fieldMessage('password')} />
          <button class="button button--danger" type="submit">Delete my account</button>
          <button type="button" class="button button--quiet" onClick={() => setOpen(false)}>Cancel</button>
        </form>
      ) : (
        <button type="button" class="button button--quiet" onClick={() => setOpen(true)}>Delete my account…</button>
      )}
    </Card>
  );
}
