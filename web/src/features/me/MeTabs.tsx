// Me: the triangle, self-care, the journal and settings, one tab each (Care is the fifth
// place of the navigation, where settings once were).
import { t, type Key } from '../../i18n';

const TABS: { path: string; label: Key }[] = [
  { path: '/me', label: 'me.triangle' },
  { path: '/me/selfcare', label: 'me.selfcare' },
  { path: '/me/journal', label: 'me.journal' },
  { path: '/settings', label: 'place.settings' },
];

export function MeTabs({ path }: { path: string }) {
  const active = [...TABS].reverse().find((tab) => path.startsWith(tab.path)) ?? TABS[0];
  return (
    <nav class="tabs" aria-label={t('place.me')}>
      {TABS.map((tab) => <a key={tab.path} href={tab.path} aria-current={tab === active ? 'page' : undefined}>{t(tab.label)}</a>)}
    </nav>
  );
}
