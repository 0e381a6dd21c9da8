import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { currentSession, type User } from './api/accounts';
import { SignIn } from './features/accounts/SignIn';
import { SignUp } from './features/accounts/SignUp';
import { Settings } from './features/accounts/Settings';
import { Welcome } from './features/accounts/Welcome';
import { Home } from './features/home/Home';
import { Connect } from './features/connect/Connect';
import { ArticlePage } from './features/learn/ArticlePage';
import { Check } from './features/triangle/Check';
import { Results } from './features/triangle/Results';
import { QuickExitButton } from './ui/components';
import { installQuickExitShortcut } from './ui/quickExit';
import { navigate, onLinkClick, usePath } from './ui/router';
import { onSessionEnded } from './realtime/live';
import './styles.css';

const PLACES = [
  { path: '/home', label: 'Home', icon: '⌂', also: [] as string[] },
  { path: '/connect', label: 'Connect', icon: '♡', also: [] as string[] },
  { path: '/me', label: 'Me', icon: '△', also: ['/settings', '/learn'] },
];

const isIn = (path: string, place: (typeof PLACES)[number]) =>
  path.startsWith(place.path) || place.also.some((p) => path.startsWith(p));

function titleFor(path: string): string {
  if (path.startsWith('/settings')) return 'Settings';
  if (path.startsWith('/me/check')) return 'Triangle check';
  if (path.startsWith('/me')) return 'Your triangle';
  if (path.startsWith('/learn')) return 'Learn';
  if (path.startsWith('/connect')) return 'Connect';
  if (path.startsWith('/signup')) return 'Create your account';
  if (path.startsWith('/signin')) return 'Sign in';
  if (path.startsWith('/home')) return 'Home';
  return 'Welcome';
}

function App() {
  const path = usePath();
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [startupError, setStartupError] = useState(false);
  const join = path.startsWith('/join/') ? decodeURIComponent(path.slice(6)) : new URLSearchParams(location.search).get('join') ?? undefined;

  useEffect(() => {
    currentSession().then(setUser, () => setStartupError(true));
  }, []);
  useEffect(() => installQuickExitShortcut(), []);
  // The server ended this session (signed out elsewhere, password changed, account erased).
  useEffect(() => onSessionEnded(() => {
    setUser(null);
    navigate('/signin', { replace: true });
  }), []);
  useEffect(() => {
    document.title = `${titleFor(path)} · rekindle`;
  }, [path]);

  if (startupError) return <main id="main" class="narrow"><h1>rekindle is unreachable</h1><p>Check your connection, then reload the page.</p></main>;
  if (user === undefined) return <p class="loading" aria-busy="true">Loading…</p>;

  const signedIn = (u: User) => {
    setUser(u);
    navigate(join ? `/home?join=${encodeURIComponent(join)}` : '/home', { replace: true });
  };

  if (!user) {
    if (path.startsWith('/signup')) return <SignUp onSignedIn={signedIn} joinCode={join} />;
    if (path.startsWith('/signin')) return <SignIn onSignedIn={signedIn} joinCode={join} />;
    return <Welcome joinCode={join} />;
  }

  const signedOut = () => {
    setUser(null);
    navigate('/', { replace: true });
  };
  const query = new URLSearchParams(location.search);
  let page;
  if (path.startsWith('/settings')) page = <Settings user={user} onUser={setUser} onSignedOut={signedOut} />;
  else if (path.startsWith('/me/check'))
    page = <Check key={location.search} form={query.get('form') ?? 'triangle-short'} perspective={query.get('perspective') === 'ideal' ? 'ideal' : 'real'} />;
  else if (path.startsWith('/me')) page = <Results key={path} />;
  else if (path.startsWith('/learn/')) page = <ArticlePage slug={decodeURIComponent(path.slice(7))} />;
  else if (path.startsWith('/connect')) page = <Connect key={path} path={path} />;
  else page = <Home user={user} joinCode={join} />;
  if (!PLACES.some((p) => isIn(path, p))) history.replaceState(null, '', join ? `/home?join=${encodeURIComponent(join)}` : '/home');

  return (
    <div class="shell">
      <a class="skip" href="#main">Skip to content</a>
      <header class="topbar">
        <span class="brand">rekindle</span>
        <QuickExitButton />
      </header>
      <nav class="places" aria-label="Places">
        {PLACES.map((p) => (
          <a key={p.path} href={p.path} aria-current={isIn(path, p) ? 'page' : undefined}>
            <span class="places__icon" aria-hidden="true">{p.icon}</span>
            {p.label}
          </a>
        ))}
      </nav>
      <div class="content">{page}</div>
    </div>
  );
}

document.addEventListener('click', onLinkClick);
render(<App />, document.getElementById('app')!);
