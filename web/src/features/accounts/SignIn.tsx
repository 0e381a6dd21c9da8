import { useState } from 'preact/hooks';
import { signIn, type User } from '../../api/accounts';
import { Notice, PasswordField, TextField, useAction } from '../../ui/components';

export function SignIn({ onSignedIn, joinCode }: { onSignedIn: (u: User) => void; joinCode?: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(async () => onSignedIn(await signIn(email, password)));
  const error = action.error;

  return (
    <main class="narrow" id="main">
      <h1>Welcome back</h1>
      <form onSubmit={action.submit} noValidate>
        {error && (
          <Notice kind="error">
            {error.status === 429 ? `Too many attempts. Please wait ${Math.ceil((error.retryAfter ?? 60) / 60)} minute(s) and try again.` : error.detail}
          </Notice>
        )}
        <TextField id="email" label="E-mail" type="email" autocomplete="username" required value={email} onInput={setEmail}
          error={error?.fieldMessage('email')} />
        <PasswordField id="password" label="Password" autocomplete="current-password" required value={password} onInput={setPassword}
          error={error?.fieldMessage('password')} />
        <button class="button" type="submit" disabled={action.busy}>{action.busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
      <p>New here? <a href={`/signup${joinCode ? `?join=${encodeURIComponent(joinCode)}` : ''}`}>Create an account</a></p>
    </main>
  );
}
