import { useState } from 'preact/hooks';
import { signUp, type User } from '../../api/accounts';
import { Notice, PasswordField, TextField, useAction } from '../../ui/components';

export function SignUp({ onSignedIn, joinCode }: { onSignedIn: (u: User) => void; joinCode?: string }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(async () => {
    const time_zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    const language = (navigator.language || 'en').split('-')[0].toLowerCase();
    onSignedIn(await signUp({ email, password, display_name: name, time_zone, language: /^[a-z]{2,3}$/.test(language) ? language : 'en' }));
  });
  const error = action.error;

  return (
    <main class="narrow" id="main">
      <h1>Create your account</h1>
      <p>You can start on your own and invite your partner whenever you like.</p>
      <form onSubmit={action.submit} noValidate>
        {action.generalError && <Notice kind="error">{action.generalError}</Notice>}
        <TextField id="email" label="E-mail" type="email" autocomplete="email" required value={email} onInput={setEmail}
          error={error?.fieldMessage('email')} />
        <TextField id="display_name" label="Your name" hint="What your partner calls you." autocomplete="nickname" required
          maxLength={60} value={name} onInput={setName} error={error?.fieldMessage('display_name')} />
        <PasswordField id="password" label="Password" autocomplete="new-password" required value={password} onInput={setPassword}
          hint="At least 15 characters. A passphrase — a few unrelated words — is long and easy to remember."
          error={error?.fieldMessage('password')} />
        <button class="button" type="submit" disabled={action.busy}>{action.busy ? 'Creating…' : 'Create account'}</button>
      </form>
      <p>Already have an account? <a href={`/signin${joinCode ? `?join=${encodeURIComponent(joinCode)}` : ''}`}>Sign in</a></p>
    </main>
  );
}
