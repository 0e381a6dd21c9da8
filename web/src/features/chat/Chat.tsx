// The couple's private chat, live: messages and read receipts as they happen, "typing…"
// while the partner writes, sending over the live connection when it is up.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { listMessages, markRead, sendMessage, type ChatMessage } from '../../api/chat';
import { formatTime, t } from '../../i18n';
import { LoadError, Notice, Privacy, Skeleton, useAction } from '../../ui/components';
import { useDraft } from '../../ui/drafts';
import { LiveError, liveIsOpen, requestLive, sendLive, useLive, useLiveReload } from '../../realtime/live';

// How often "typing" is repeated while typing goes on, and how long the partner's
// indicator lasts without news.
const TYPING_REPEAT_MS = 3000;
const TYPING_SHOWN_MS = 6000;

// Tells the partner when this person starts and stops typing, at most every few seconds.
function useTypingNotices() {
  const last = useRef(0);
  const stop = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stopped = () => {
    if (stop.current) clearTimeout(stop.current);
    stop.current = null;
    if (last.current) sendLive({ type: 'chat.typing', typing: false });
    last.current = 0;
  };
  useEffect(() => stopped, []);
  return {
    typed() {
      const now = Date.now();
      if (now - last.current > TYPING_REPEAT_MS && sendLive({ type: 'chat.typing', typing: true })) last.current = now;
      if (stop.current) clearTimeout(stop.current);
      stop.current = setTimeout(stopped, TYPING_REPEAT_MS + 1000);
    },
    stopped,
  };
}

export function Chat({ partnerName }: { partnerName: string }) {
  const [messages, setMessages] = useState<ChatMessage[] | null>(null); // oldest first
  const [readUpTo, setReadUpTo] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const [text, setText] = useDraft('chat');
  const [error, setError] = useState<ApiError | null>(null);
  const end = useRef<HTMLDivElement>(null);

  const merge = (incoming: ChatMessage[]) =>
    setMessages((current) => {
      const byId = new Map((current ?? []).map((m) => [m.id, m]));
      for (const m of incoming) byId.set(m.id, m);
      return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    });

  const [partnerTyping, setPartnerTyping] = useState(false);
  const typingShown = useRef<ReturnType<typeof setTimeout> | null>(null);
  const typing = useTypingNotices();

  const load = () => {
    setError(null);
    return listMessages().then((r) => {
      merge(r.messages);
      setReadUpTo(r.partner_read_up_to);
      setMore((m) => m || r.messages.length === 50);
    }, (e: ApiError) => setError(e));
  };
  useEffect(() => { void load(); }, []);
  useLive('chat.message', (f) => {
    merge([f.message]);
    if (f.message.author === 'partner') setPartnerTyping(false);
  });
  useLive('chat.read', (f) => setReadUpTo(f.up_to));
  useLive('chat.typing', (f) => {
    setPartnerTyping(f.typing);
    if (typingShown.current) clearTimeout(typingShown.current);
    typingShown.current = f.typing ? setTimeout(() => setPartnerTyping(false), TYPING_SHOWN_MS) : null;
  });
  // Missed frames that cannot be replayed: read the newest page again.
  useLiveReload(() => { void load(); });

  // Tell the partner what has been read: the newest of their messages on screen.
  const lastPartner = messages ? [...messages].reverse().find((m) => m.author === 'partner') : undefined;
  useEffect(() => {
    if (lastPartner && document.visibilityState === 'visible') void markRead(lastPartner.id).catch(() => {});
  }, [lastPartner?.id]);
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [messages?.length]);

  // The box empties as the message goes, so that what is typed next is never wiped by
  // a late answer; if sending fails, the message comes back into an empty box.
  const send = useAction(async (message: string) => {
    typing.stopped();
    setText('');
    try {
      if (liveIsOpen()) {
        // The stored message comes back as chat.message, like the partner's.
        await requestLive({ type: 'chat.send', text: message }).catch((e: LiveError) => {
          throw new ApiError(0, e.code === 'closed' || e.code === 'timeout' ? t('chat.maybeNotSent') : e.message);
        });
      } else {
        merge([await sendMessage(message)]);
      }
    } catch (e) {
      setText((current) => (current === '' ? message : current));
      throw e;
    }
  });
  // Reads the box itself, not the last render's state, which a fast Enter can outrun.
  const sendBox = (box: HTMLTextAreaElement) => {
    const message = box.value.trim();
    if (message) void send.run(message);
  };

  async function older() {
    if (!messages?.length) return;
    const r = await listMessages(messages[0].id);
    merge(r.messages);
    setMore(r.messages.length === 50);
  }

  if (error && !messages) return <LoadError error={error} retry={load} />;
  if (!messages) return <Skeleton lines={4} />;
  const lastMine = [...messages].reverse().find((m) => m.author === 'me');
  return (
    <section class="chat" aria-label={t('chat.title', { name: partnerName })}>
      <Privacy>{t('chat.privacy')}</Privacy>
      {more && <button type="button" class="link-button" onClick={older}>{t('chat.earlier')}</button>}
      <ol class="chat__list" aria-live="polite" data-testid="chat">
        {messages.length === 0 && <li class="muted">{t('chat.empty', { name: partnerName })}</li>}
        {messages.map((m) => (
          <li key={m.id} class={`bubble bubble--${m.author}`}>
            <span class="sr-only">{m.author === 'me' ? t('you') : partnerName}: </span>
            <span class="bubble__text">{m.text}</span>
            <time class="bubble__time" dateTime={m.created_at}>
              {formatTime(m.created_at)}
            </time>
          </li>
        ))}
      </ol>
      {lastMine && readUpTo && readUpTo >= lastMine.id && <p class="muted small chat__read">{t('chat.read', { name: partnerName })}</p>}
      <p class="muted small chat__typing" aria-live="polite" data-testid="typing">{partnerTyping ? t('chat.typing', { name: partnerName }) : ''}</p>
      <div ref={end} />
      {send.generalError && <Notice kind="error">{send.generalError}</Notice>}
      <form class="chat__form" noValidate
        onSubmit={(e) => { e.preventDefault(); sendBox((e.currentTarget as HTMLFormElement).querySelector('textarea')!); }}>
        <label class="sr-only" for="chat-text">{t('chat.messageTo', { name: partnerName })}</label>
        <textarea id="chat-text" rows={2} maxLength={1500} value={text} placeholder={t('chat.messageTo', { name: partnerName })}
          onInput={(e) => { setText((e.target as HTMLTextAreaElement).value); typing.typed(); }}
          onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); sendBox(e.currentTarget as HTMLTextAreaElement); } }} />
        <button type="submit" class="button" disabled={text.trim() === ''}>{t('chat.send')}</button>
      </form>
    </section>
  );
}
