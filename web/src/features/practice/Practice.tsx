// Practice: a therapist's own pages — the profile (with where it stands with the
// operators), the photo, the weekly hours, the couples who asked or are seen, the
// sessions booked and the policy on secrets for couple rooms, one tab each; and each
// couple's own page (/practice/couples/{id}/…). The profile is loaded once here and
// passed to the tab shown; each tab saves through the API and hands back the profile it
// answers.
import { useEffect, useState } from 'preact/hooks';
import type { User } from '../../api/accounts';
import { ApiError } from '../../api/client';
import { getProfile, type Profile } from '../../api/therapists';
import { t, type Key } from '../../i18n';
import { LoadError, Skeleton } from '../../ui/components';
import { decodePart } from '../../ui/router';
import { HoursPage } from './Hours';
import { PhotoPage } from './Photo';
import { ProfilePage } from './ProfileForm';
import { CouplesPage } from './Couples';
import { SchedulePage } from './Schedule';
import { CouplePage } from './Couple';
import { PolicyPage } from '../room/Policy';

const TABS: { path: string; label: Key; title: Key }[] = [
  { path: '/practice', label: 'practice.tab.profile', title: 'practice.title.profile' },
  { path: '/practice/photo', label: 'practice.tab.photo', title: 'practice.title.photo' },
  { path: '/practice/hours', label: 'practice.tab.hours', title: 'practice.title.hours' },
  { path: '/practice/couples', label: 'practice.tab.couples', title: 'practice.title.couples' },
  { path: '/practice/schedule', label: 'practice.tab.schedule', title: 'practice.title.schedule' },
  { path: '/practice/policy', label: 'practice.tab.policy', title: 'practice.title.policy' },
];
const COUPLE = /^\/practice\/couples\/([^/]+)\/?(.*)$/;

export function Practice({ path, user }: { path: string; user: User }) {
  const [profile, setProfile] = useState<Profile | ApiError | null>(null);
  const load = () => getProfile().then(setProfile, (e: ApiError) => setProfile(e));
  useEffect(() => { void load(); }, []);
  const active = [...TABS].reverse().find((tab) => path.startsWith(tab.path)) ?? TABS[0];
  const couple = COUPLE.exec(path);
  if (couple)
    return (
      <main id="main" class="practice">
        <CouplePage key={couple[1]} id={decodePart(couple[1])} path={couple[2].split('/').map(decodePart)} />
      </main>
    );

  let body;
  if (profile === null) body = <Skeleton lines={3} />;
  else if (profile instanceof ApiError) body = <LoadError error={profile} retry={() => { setProfile(null); void load(); }} />;
  else if (active === TABS[1]) body = <PhotoPage profile={profile} user={user} onProfile={setProfile} />;
  else if (active === TABS[2]) body = <HoursPage profile={profile} onProfile={setProfile} />;
  else if (active === TABS[3]) body = <CouplesPage />;
  else if (active === TABS[4]) body = <SchedulePage />;
  else if (active === TABS[5]) body = <PolicyPage />;
  else body = <ProfilePage profile={profile} onProfile={setProfile} />;

  return (
    <main id="main" class="practice">
      <h1>{t(active.title)}</h1>
      <nav class="tabs" aria-label={t('place.practice')}>
        {TABS.map((tab) => <a key={tab.path} href={tab.path} aria-current={tab === active ? 'page' : undefined}>{t(tab.label)}</a>)}
      </nav>
      {body}
    </main>
  );
}
