import { useState } from 'preact/hooks';
import { signIn, type User } from '../../api/accounts';
import { ApiError } from '../../api/client';
import { Notice, PasswordField, TextField } from '../../ui/components';

export function SignIn({ onSignedIn, joinCode }: { onSignedIn: (u: User) => void; joinCode?: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(email, password));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'Something went wrong. Please try again.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="narrow" id="main">
      <h1>Welcome back</h1>
      <form onSubmit={submit} noValidate>
        {error && (
          <Notice kind="error">
            {error.status === 429 ? `Too many attempts. Please wait ${Math.ceil((error.retryAfter ?? 60) / 60)} minute(s) and try again.` : error.detail}
          </Notice>
        )}
        <TextField id="email" label="E-mail" type="email" autocomplete="username" required value={email} onInput={setEmail}
          error={error?.fieldMessage('email')} />
        <PasswordField id="password" label="Password" autocomplete="current-password" required value={password} onInput={setPassword}
          error={error?.fieldMessage('password')} />
        <button class="button" type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
      <p>New here? <a href={`/signup${joinCode ? `?join=${encodeURIComponent(joinCode)}` : ''}`}>Create an account</a></p>
    </main>
  );
}
