// One thread of a couple room, for a partner or the therapist alike (the API's `base`
// says whose view): its messages oldest to newest, attachments, how far the others have
// read, and a box to write in while the room is open (or, instead, `blocked`: why not).
// A `room.changed` frame for this thread reloads it; the newest message shown is marked
// read, once, while the page is in view. Every word anyone wrote is rendered as text.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import {
  ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, MESSAGE_MAX, PAGE, attachToRoom, attachmentUrl, listRoomMessages, markRoomRead, postRoomMessage,
  type RoomMessage, type RoomThread,
} from '../../api/room';
import { formatDate, formatList, formatNumber, t } from '../../i18n';
import { LoadError, Notice, Skeleton, useAction } from '../../ui/components';
import { Icon } from '../../ui/icons';
import { useDraft } from '../../ui/drafts';
import { useLive, useLiveReload } from '../../realtime/live';

const byId = (a: RoomMessage, b: RoomMessage) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function Attachment({ base, m }: { base: string; m: RoomMessage }) {
  const a = m.attachment!;
  const url = attachmentUrl(base, m.id);
  if (a.type.startsWith('image/'))
    return (
      <a href={url} target="_blank" rel="noopener" class="room-message__image">
        <img src={url} alt={t('room.image', { name: a.name })} loading="lazy" />
      </a>
    );
  return (
    <a href={url} download={a.name} class="room-message__file">
      {a.name} <span class="muted">{t('room.pdf', { size: formatNumber(Math.max(1, Math.round(a.size / 1024))) })}</span>
    </a>
  );
}

export function Thread({ base, relationship, thread, writeTo, blocked, onChanged }: {
  base: string;
  relationship: string;
  thread: string;
  writeTo: string; // who reads what is written here, for the box's label
  blocked?: ComponentChildren;
  onChanged: () => void; // the room's unread counts may have moved, or its policy changed
}) {
  const [data, setData] = useState<{ messages: RoomMessage[]; read: RoomThread['read']; open: boolean } | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [text, setText] = useDraft(`room:${base}:${thread}`);
  const marked = useRef('');
  const file = useRef<HTMLInputElement>(null);
  const end = useRef<HTMLDivElement>(null);

  const merge = (incoming: RoomMessage[], rest?: { read: RoomThread['read']; open: boolean }) =>
    setData((current) => {
      const all = new Map((current?.messages ?? []).map((m) => [m.id, m]));
      for (const m of incoming) all.set(m.id, m);
      return { messages: [...all.values()].sort(byId), read: rest?.read ?? current?.read ?? [], open: rest?.open ?? current?.open ?? true };
    });
  const load = () =>
    listRoomMessages(base, thread).then((r) => {
      setError(null);
      merge(r.messages, r);
      setMore((m) => m || r.messages.length === PAGE);
    }, (e: ApiError) => setError(e));
  useEffect(() => { void load(); }, []);
  useLive('room.changed', (f) => {
    if (f.relationship !== relationship) return;
    if (f.thread === thread) void load();
    onChanged();
  });
  useLiveReload(() => { void load(); onChanged(); });

  // What is on screen has been read: the newest message only, once, while in view.
  // (Writing marks the writer's own message read.)
  const last = data?.messages[data.messages.length - 1];
  const newest = last && last.author !== 'me' ? last.id : undefined;
  useEffect(() => {
    const mark = () => {
      if (!newest || newest <= marked.current || document.visibilityState !== 'visible') return;
      marked.current = newest;
      markRoomRead(base, thread, newest).then(onChanged, () => { marked.current = ''; });
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [newest]);
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [data?.messages.length]);

  // A refusal because the policy changed since it was read sends the person back to it.
  const failed = (e: unknown) => {
    if (e instanceof ApiError && e.status === 409) onChanged();
    throw e;
  };
  // The box empties as the message goes; if sending fails, the message comes back.
  const send = useAction(async (message: string) => {
    setText('');
    try {
      merge([await postRoomMessage(base, thread, message)]);
    } catch (e) {
      setText((current) => (current === '' ? message : current));
      failed(e);
    }
  });
  const attach = useAction(async (chosen: File) => {
    if (!ATTACHMENT_TYPES.includes(chosen.type)) throw new ApiError(415, t('room.attachKind'));
    if (chosen.size > ATTACHMENT_MAX_BYTES) throw new ApiError(413, t('room.attachSize'));
    merge([await attachToRoom(base, thread, chosen).catch(failed)]);
  });

  function older() {
    if (!data?.messages.length) return;
    listRoomMessages(base, thread, data.messages[0].id).then((r) => {
      merge(r.messages);
      setMore(r.messages.length === PAGE);
    }, (e: ApiError) => setError(e));
  }

  if (error && !data) return <LoadError error={error} retry={load} />;
  if (!data) return <Skeleton lines={4} />;
  const lastMine = [...data.messages].reverse().find((m) => m.author === 'me');
  const readers = lastMine ? data.read.filter((r) => r.up_to >= lastMine.id).map((r) => r.display_name) : [];
  const problem = send.error ?? attach.error;
  return (
    <section class="room-thread" data-testid="room-thread" data-thread={thread}>
      {more && <button type="button" class="link-button" onClick={older}>{t('chat.earlier')}</button>}
      <ol class="chat__list" aria-live="polite" data-testid="room-messages">
        {data.messages.length === 0 && <li class="muted">{t('room.empty')}</li>}
        {data.messages.map((m) => (
          <li key={m.id} class={`bubble bubble--${m.author === 'me' ? 'me' : 'partner'}${m.author === 'therapist' ? ' bubble--therapist' : ''}`}
            data-testid="room-message">
            <span class={m.author === 'me' ? 'sr-only' : 'bubble__author'}>{m.author === 'me' ? t('you') : m.author_name}</span>
            <span class="sr-only">: </span>
            {m.attachment ? <Attachment base={base} m={m} /> : <span class="bubble__text">{m.text}</span>}
            <time class="bubble__time" dateTime={new Date(m.created_at).toISOString()}>{formatDate(new Date(m.created_at), { short: true, time: true })}</time>
          </li>
        ))}
      </ol>
      {readers.length > 0 && <p class="muted small chat__read" data-testid="room-read">{t('chat.read', { name: formatList(readers) })}</p>}
      <div ref={end} />
      {!data.open ? <Notice>{t('room.closed')}</Notice> : blocked ?? (
        <>
          {problem && <Notice kind="error">{problem.detail}</Notice>}
          <form class={thread === 'joint' ? 'room__form' : 'room__form room__form--private'} noValidate
            onSubmit={(e) => { e.preventDefault(); const message = text.trim(); if (message) void send.run(message); }}>
            <label for={`room-text-${thread}`}>
              {thread !== 'joint' && <Icon name="lock" />}{t('room.messageTo', { names: writeTo })}
            </label>
            <textarea id={`room-text-${thread}`} rows={3} maxLength={MESSAGE_MAX} value={text}
              onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
            <div class="room__actions">
              <button type="submit" class="button" disabled={send.busy || text.trim() === ''}>{t('chat.send')}</button>
              <button type="button" class="button button--quiet" disabled={attach.busy} onClick={() => file.current?.click()}>
                {attach.busy ? t('room.attaching') : t('room.attach')}
              </button>
              <input ref={file} type="file" hidden accept={ATTACHMENT_TYPES.join(',')} data-testid="room-file"
                onChange={(e) => {
                  const input = e.currentTarget as HTMLInputElement;
                  const chosen = input.files?.[0];
                  input.value = '';
                  if (chosen) void attach.run(chosen);
                }} />
            </div>
            <p class="hint">{t('room.attachHint')}</p>
          </form>
        </>
      )}
    </section>
  );
}

// The threads of a room as tabs, each with its unread count.
export function ThreadTabs({ label, tabs }: { label: string; tabs: { href: string; name: string; unread: number; current: boolean }[] }) {
  return (
    <nav class="tabs tabs--split" aria-label={label}>
      {tabs.map((tab) => (
        <a key={tab.href} href={tab.href} aria-current={tab.current ? 'page' : undefined}>
          {tab.name}
          {tab.unread > 0 && ' '}
          {tab.unread > 0 && (
            <span class="badge tabs__badge" data-testid="unread">
              <span aria-hidden="true">{formatNumber(tab.unread)}</span><span class="sr-only">{t('room.unread', { count: tab.unread })}</span>
            </span>
          )}
        </a>
      ))}
    </nav>
  );
}
