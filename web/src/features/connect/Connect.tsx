// Connect: today's question, the desire map and guided conversations.
import { useEffect, useState } from 'preact/hooks';
import { getCouple, type Couple } from '../../api/couples';
import { Notice } from '../../ui/components';
import { Chat } from '../chat/Chat';
import { Conversations } from '../conversations/Conversations';
import { DailyPage } from '../daily/Daily';
import { Desires } from '../desires/Desires';

const TABS = [
  { path: '/connect', label: 'Today' },
  { path: '/connect/desires', label: 'Desires' },
  { path: '/connect/conversations', label: 'Conversations' },
  { path: '/connect/chat', label: 'Chat' },
];

export function Connect({ path }: { path: string }) {
  const [couple, setCouple] = useState<Couple | null | undefined>(undefined);
  useEffect(() => { getCouple().then(setCouple, () => setCouple(null)); }, []);
  const active = [...TABS].reverse().find((t) => path.startsWith(t.path)) ?? TABS[0];
  const partnerName = couple?.partners.find((p) => !p.is_me)?.display_name ?? 'your partner';
  return (
    <main id="main">
      <h1>Connect</h1>
      <nav class="tabs" aria-label="Connect">
        {TABS.map((t) => <a key={t.path} href={t.path} aria-current={t === active ? 'page' : undefined}>{t.label}</a>)}
      </nav>
      {couple === undefined ? <p aria-busy="true">Loading…</p> : couple === null ? (
        <Notice>Connect is for the two of you. <a href="/home">Invite your partner</a> to begin.</Notice>
      ) : active.path === '/connect/desires' ? (
        <Desires partnerName={partnerName} marking={path.startsWith('/connect/desires/mark')} />
      ) : active.path === '/connect/chat' ? (
        <Chat partnerName={partnerName} />
      ) : active.path === '/connect/conversations' ? (
        <Conversations partnerName={partnerName} id={path.split('/')[3]} />
      ) : (
        <DailyPage partnerName={partnerName} />
      )}
    </main>
  );
}
