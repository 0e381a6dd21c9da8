// Me: the triangle, self-care and the journal, one tab each (settings is a place of its own).
import { t, type Key } from '../../i18n';

const TABS: { path: string; label: Key }[] = [
  { path: '/me', label: 'me.triangle' },
  { path: '/me/selfcare', label: 'me.selfcare' },
  { path: '/me/journal', label: 'me.journal' },
];

export function MeTabs({ path }: { path: string }) {
  const active = [...TABS].reverse().find((tab) => path.startsWith(tab.path)) ?? TABS[0];
  return (
    <nav class="tabs" aria-label={t('place.me')}>
      {TABS.map((tab) => <a key={tab.path} href={tab.path} aria-current={tab === active ? 'page' : undefined}>{t(tab.label)}</a>)}
    </nav>
  );
}
