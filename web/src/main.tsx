import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { currentSession, getSecondFactor, signOut, type User } from './api/accounts';
import { joinCouple, partnerName } from './api/couples';
import { isOnline, onConnectivity, onSecondFactorRequired, retryNow } from './api/client';
import { onLanguageChange, setLanguage, t, type Key } from './i18n';
import { SignIn } from './features/accounts/SignIn';
import { SignUp } from './features/accounts/SignUp';
import { SECOND_FACTOR_NEEDED, Settings } from './features/accounts/Settings';
import { Welcome } from './features/accounts/Welcome';
import { Verify } from './features/accounts/Verify';
import { ForgotPassword, ResetPassword } from './features/accounts/PasswordReset';
import { takeJoinCode } from './features/accounts/joinCode';
import { FirstRun } from './features/home/FirstRun';
import { Home, joinFailed as noteFailedJoin } from './features/home/Home';
import { Connect } from './features/connect/Connect';
import { ArticlePage } from './features/learn/ArticlePage';
import { Journal } from './features/selfcare/Journal';
import { SelfCare } from './features/selfcare/SelfCare';
import { Check } from './features/triangle/Check';
import { Results } from './features/triangle/Results';
import { TogetherPage } from './features/together/Together';
import { CarePage } from './features/care/Care';
import { BeforeSessionPage } from './features/outcomes/Before';
import { CheckPage } from './features/care/Check';
import { HelpPage } from './features/care/HelpPage';
import { ConsentPage } from './features/consent/Consent';
import { RoomPage } from './features/room/Room';
import { Unsubscribe } from './features/together/Unsubscribe';
import { QuickExitButton } from './ui/components';
import { Icon, type IconName } from './ui/icons';
import { forgetLocalData, installQuickExitShortcut, takeExitFlag } from './ui/quickExit';
import { lazyPage } from './ui/lazy';
import { decodePart, navigate, onLinkClick, usePath } from './ui/router';
import { onSessionEnded } from './realtime/live';
import './styles.css';

const Practice = lazyPage(() => import('./features/practice/Practice').then((m) => m.Practice));
const Operator = lazyPage(() => import('./features/operator/Operator').then((m) => m.Operator));
const CallPage = lazyPage(() => import('./features/video/Call').then((m) => m.CallPage));

interface Place {
  path: string;
  label: Key;
  icon: IconName;
  also: string[];
}
const SETTINGS: Place = { path: '/settings', label: 'place.settings', icon: 'settings', also: ['/operator'] };
const CARE: Place = { path: '/care', label: 'place.care', icon: 'care', also: ['/call/'] };
const PLACES: Place[] = [
  { path: '/home', label: 'place.home', icon: 'home', also: [] },
  { path: '/connect', label: 'place.connect', icon: 'connect', also: [] },
  { path: '/together', label: 'place.together', icon: 'together', also: [] },
  { path: '/me', label: 'place.me', icon: 'me', also: ['/learn', '/settings', '/operator'] },
  CARE,
];

// A therapist's account is for their practice: its places are Practice and Settings (a
// therapist who uses rekindle with a partner of their own has a personal account too).
const PRACTICE_PLACES: Place[] = [{ path: '/practice', label: 'place.practice', icon: 'practice', also: ['/call/'] }, SETTINGS];
const isTherapist = (user: User) => user.roles.includes('therapist');
const placesFor = (user: User) => (isTherapist(user) ? PRACTICE_PLACES : PLACES);

const isIn = (path: string, place: Place) =>
  path.startsWith(place.path) || place.also.some((p) => path.startsWith(p));

// The therapist's sign-up page, whose address shares /join/ with invite links.
const JOIN_THERAPIST = '/join/therapist';

function titleFor(path: string): Key {
  if (path.startsWith(JOIN_THERAPIST)) return 'title.joinTherapist';
  if (path.startsWith('/practice')) return 'title.practice';
  if (path.startsWith('/settings')) return 'title.settings';
  if (path.startsWith('/care/room')) return 'title.room';
  if (path.startsWith('/care/consent')) return 'title.consent';
  if (path.startsWith('/care')) return 'title.care';
  if (path.startsWith('/call/')) return 'title.call';
  if (path.startsWith('/operator')) return 'title.operator';
  if (path.startsWith('/me/check')) return 'title.check';
  if (path.startsWith('/me/selfcare')) return 'title.selfcare';
  if (path.startsWith('/me/journal')) return 'title.journal';
  if (path.startsWith('/me')) return 'title.me';
  if (path.startsWith('/learn')) return 'title.learn';
  if (path.startsWith('/connect')) return 'title.connect';
  if (path.startsWith('/together')) return 'title.together';
  if (path.startsWith('/unsubscribe')) return 'title.unsubscribe';
  if (path.startsWith('/signup')) return 'title.signup';
  if (path.startsWith('/verify')) return 'title.verify';
  if (path.startsWith('/forgot-password') || path.startsWith('/reset-password')) return 'title.password';
  if (path.startsWith('/signin')) return 'title.signin';
  if (path.startsWith('/welcome')) return 'title.firstRun';
  if (path.startsWith('/home')) return 'title.home';
  return 'title.welcome';
}

// After a navigation, focus moves to the new page's heading, so a screen reader reads
// where the person now is and Tab starts from the top of the page.
function useFocusOnNavigation(path: string) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>('main h1');
    if (!heading) return;
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }, [path]);
}

function OfflineBanner() {
  const [online, setOnline] = useState(isOnline());
  useEffect(() => onConnectivity(setOnline), []);
  if (online) return null;
  return (
    <div class="offline" role="status" data-testid="offline">
      <Icon name="offline" />
      <span>{t('offline.banner')}</span>
      <button type="button" class="link-button" onClick={retryNow}>{t('offline.retry')}</button>
    </div>
  );
}

function App() {
  const path = usePath();
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [startupError, setStartupError] = useState(false);
  const [, setLanguageVersion] = useState(0);
  // Remounts the page when the server comes back, so it loads afresh.
  const [epoch, setEpoch] = useState(0);
  const [connectedWith, setConnectedWith] = useState<string | null>(null);
  const joinFromPath = path.startsWith('/join/') && path !== JOIN_THERAPIST
    ? decodePart(path.slice(6)) : new URLSearchParams(location.search).get('join') ?? undefined;
  const join = joinFromPath;

  function start() {
    setStartupError(false);
    const exited = takeExitFlag();
    currentSession()
      .then(async (u) => {
        // The last page was left by quick exit: that session ends now, if it had not yet.
        if (u && exited) {
          await signOut().catch(() => {});
          forgetLocalData();
          return null;
        }
        return u;
      })
      .then((u) => {
        if (u) setLanguage(u.language);
        setUser(u);
      }, () => setStartupError(true));
  }
  useEffect(start, []);
  useEffect(() => installQuickExitShortcut(), []);
  useEffect(() => onLanguageChange(() => setLanguageVersion((v) => v + 1)), []);
  useEffect(() => onConnectivity((online) => {
    if (!online) return;
    if (user === undefined) start();
    else setEpoch((e) => e + 1);
  }), [user]);
  // The server ended this session (signed out elsewhere, password changed, account erased).
  useEffect(() => onSessionEnded(() => {
    forgetLocalData();
    setUser(null);
    navigate('/signin', { replace: true });
  }), []);
  // A page a role opens refused for want of a second factor: Settings says why and sets it up.
  useEffect(() => onSecondFactorRequired(() => navigate(SECOND_FACTOR_NEEDED, { replace: true })), []);
  useEffect(() => {
    document.title = `${t(titleFor(path))} · rekindle`;
  }, [path, user]);
  useFocusOnNavigation(path + location.search);

  if (startupError)
    return (
      <main id="main" class="narrow">
        <h1>{t('offline.startTitle')}</h1>
        <p>{t('offline.startBody')}</p>
        <button type="button" class="button" onClick={start}>{t('offline.retry')}</button>
      </main>
    );
  if (user === undefined) return <div class="skeleton-page" aria-busy="true" aria-label={t('loading')}><div class="skeleton skeleton--title" /><div class="skeleton skeleton--card" /></div>;

  // Signed in or up. Arriving from an invite link, the person joins at once; if that
  // fails (the code was used or expired), home shows why, with the code filled in.
  const signedIn = async (u: User, fresh = false) => {
    setLanguage(u.language);
    // A role's pages need a second factor: without one, Settings first. A therapist then
    // starts at their practice (no couple's first run, no invite to join).
    if (u.roles.length > 0) {
      const factor = await getSecondFactor().catch(() => null);
      if (factor && !factor.enabled) {
        setUser(u);
        navigate(SECOND_FACTOR_NEEDED, { replace: true });
        return;
      }
    }
    if (isTherapist(u)) {
      setUser(u);
      navigate('/practice', { replace: true });
      return;
    }
    let joinFailed = false;
    // Signing up from an invite link: the code waited while the e-mailed link was opened.
    const join = joinFromPath ?? (fresh ? takeJoinCode() : undefined);
    if (join) {
      try {
        const couple = await joinCouple(join);
        setConnectedWith(partnerName(couple) ?? null);
      } catch (e) {
        joinFailed = true;
        noteFailedJoin(join, e);
      }
    }
    setUser(u);
    const next = fresh ? '/welcome' : '/home';
    navigate(joinFailed ? `${next}?join=${encodeURIComponent(join!)}` : next, { replace: true });
  };

  // Pages an e-mailed link opens, signed in or not.
  if (path.startsWith('/verify')) return <Verify onSignedIn={(u) => signedIn(u, true)} />;
  if (path.startsWith('/reset-password')) return <ResetPassword />;
  if (path.startsWith('/unsubscribe')) return <Unsubscribe />;
  if (!user) {
    if (path.startsWith('/signup')) return <SignUp joinCode={join} />;
    if (path === JOIN_THERAPIST) return <SignUp therapist />;
    if (path.startsWith('/signin')) return <SignIn onSignedIn={signedIn} joinCode={join} />;
    if (path.startsWith('/forgot-password')) return <ForgotPassword />;
    return <Welcome joinCode={join} />;
  }

  const signedOut = () => {
    forgetLocalData();
    setUser(null);
    navigate('/', { replace: true });
  };
  const query = new URLSearchParams(location.search);
  if (path.startsWith('/welcome') && !isTherapist(user))
    return <FirstRun user={user} onUser={setUser} connectedWith={connectedWith} onDone={() => navigate(join ? `/home?join=${encodeURIComponent(join)}` : '/home', { replace: true })} />;
  const places = placesFor(user);
  let page;
  if (path.startsWith('/settings')) page = <Settings user={user} onUser={setUser} onSignedOut={signedOut} />;
  else if (path.startsWith('/operator')) page = <Operator key={path} path={path} />;
  else if (path.startsWith('/call/'))
    page = <CallPage key={path} id={decodePart(path.slice(6))} back={isTherapist(user) ? '/practice/schedule' : '/care'} />;
  else if (isTherapist(user)) page = <Practice path={path} user={user} />;
  else if (path.startsWith('/me/check'))
    page = <Check key={location.search} form={query.get('form') ?? 'triangle-short'} perspective={query.get('perspective') === 'ideal' ? 'ideal' : 'real'} then={query.get('then') ?? undefined} />;
  else if (path.startsWith('/me/selfcare')) page = <SelfCare />;
  else if (path.startsWith('/me/journal')) page = <Journal key={path} path={path} />;
  else if (path.startsWith('/me')) page = <Results key={path} />;
  else if (path.startsWith('/learn/')) page = <ArticlePage slug={decodePart(path.slice(7))} />;
  else if (path.startsWith('/connect')) page = <Connect key={path} path={path} />;
  else if (path.startsWith('/together')) page = <TogetherPage />;
  else if (path.startsWith('/care/check')) page = <CheckPage />;
  else if (path.startsWith('/care/help')) page = <HelpPage />;
  else if (path.startsWith('/care/room')) page = <RoomPage path={path} />;
  else if (path.startsWith('/care/consent')) page = <ConsentPage />;
  else if (path.startsWith('/care/outcomes')) page = <BeforeSessionPage />;
  else if (path.startsWith('/care')) page = <CarePage />;
  else page = <Home user={user} joinCode={join} connectedWith={connectedWith} />;
  if (!places.some((p) => isIn(path, p)))
    history.replaceState(null, '', isTherapist(user) ? '/practice' : join ? `/home?join=${encodeURIComponent(join)}` : '/home');

  return (
    <div class={`shell${path.startsWith('/connect/chat') ? ' shell--chat' : ''}`}>
      <a class="skip" href="#main">{t('skip')}</a>
      <header class="topbar">
        <span class="brand">rekindle</span>
        <QuickExitButton />
      </header>
      <nav class="places" aria-label={t('places')}>
        {places.map((p) => (
          <a key={p.path} href={p.path} aria-current={isIn(path, p) ? 'page' : undefined}>
            <Icon name={p.icon} size={22} />
            <span>{t(p.label)}</span>
          </a>
        ))}
      </nav>
      <OfflineBanner />
      <div class="content" key={epoch}>{page}</div>
    </div>
  );
}

document.addEventListener('click', onLinkClick);
render(<App />, document.getElementById('app')!);
// The app shell for offline starts (web/public/sw.js); nothing private is cached.
if ('serviceWorker' in navigator && location.protocol !== 'file:')
  window.addEventListener('load', () => { void navigator.serviceWorker.register('/sw.js').catch(() => {}); });
