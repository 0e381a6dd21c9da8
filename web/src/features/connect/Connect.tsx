// Connect: today's question, the desire map, guided conversations and the chat.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { getCouple, partnerName as partnerOf, type Couple } from '../../api/couples';
import { t, type Key } from '../../i18n';
import { LoadError, Notice, Skeleton } from '../../ui/components';
import { Chat } from '../chat/Chat';
import { Conversations } from '../conversations/Conversations';
import { DailyPage } from '../daily/Daily';
import { Desires } from '../desires/Desires';

const TABS: { path: string; label: Key }[] = [
  { path: '/connect', label: 'connect.today' },
  { path: '/connect/desires', label: 'connect.desires' },
  { path: '/connect/conversations', label: 'connect.conversations' },
  { path: '/connect/chat', label: 'connect.chat' },
];

export function Connect({ path }: { path: string }) {
  const [couple, setCouple] = useState<Couple | null | undefined | ApiError>(undefined);
  const load = () => getCouple().then(setCouple, (e: ApiError) => setCouple(e));
  useEffect(() => { void load(); }, []);
  const active = [...TABS].reverse().find((tab) => path.startsWith(tab.path)) ?? TABS[0];
  const partnerName = (couple instanceof ApiError ? undefined : partnerOf(couple)) ?? t('partner.fallback');
  const chat = active.path === '/connect/chat';
  return (
    <main id="main" class={chat ? 'connect connect--chat' : 'connect'}>
      <h1 class={chat ? 'compact-heading' : undefined}>{chat ? t('chat.title', { name: partnerName }) : t('title.connect')}</h1>
      <nav class="tabs" aria-label={t('title.connect')}>
        {TABS.map((tab) => <a key={tab.path} href={tab.path} aria-current={tab === active ? 'page' : undefined}>{t(tab.label)}</a>)}
      </nav>
      {couple instanceof ApiError ? <LoadError error={couple} retry={load} /> : couple === undefined ? <Skeleton lines={3} /> : couple === null ? (
        <Notice>{t('connect.needsPartner')} <a href="/home">{t('connect.invite')}</a></Notice>
      ) : active.path === '/connect/desires' ? (
        <Desires partnerName={partnerName} marking={path.startsWith('/connect/desires/mark')} />
      ) : chat ? (
        <Chat partnerName={partnerName} />
      ) : active.path === '/connect/conversations' ? (
        <Conversations partnerName={partnerName} id={path.split('/')[3]} />
      ) : (
        <DailyPage partnerName={partnerName} />
      )}
    </main>
  );
}
