// A partner's room with their therapist (/care/room): the thread the three of them read
// and the partner's own private thread with the therapist (/care/room/private), which the
// other partner never sees. Before either opens, the therapist's policy on secrets, to
// acknowledge; a new version of it asks again.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { getCouple, partnerName } from '../../api/couples';
import { PARTNER_ROOM, acknowledgePolicy, getRoom, type Room } from '../../api/room';
import { formatDate, formatList, t } from '../../i18n';
import { BackLink, Card, LoadError, Notice, Privacy, Skeleton, useAction } from '../../ui/components';
import { Thread, ThreadTabs } from './Thread';

function PolicyGate({ room, onRoom, reload }: { room: Room; onRoom: (r: Room) => void; reload: () => void }) {
  const policy = room.policy!;
  const name = room.therapist.display_name;
  const ack = useAction(async () => {
    try {
      onRoom(await acknowledgePolicy(policy.version));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) reload();
      throw e;
    }
  });
  return (
    <Card title={room.acknowledged_version ? t('room.policyChanged', { name }) : t('room.policyFirst', { name })} id="policy-title">
      <p>{t('room.policyWhy', { name })}</p>
      <blockquote class="policy-text" data-testid="policy">{policy.text}</blockquote>
      <p class="hint">{t('room.policyDate', { date: formatDate(new Date(policy.updated_at)) })}</p>
      {ack.error && <Notice kind="error">{ack.error.detail}</Notice>}
      <button type="button" class="button" disabled={ack.busy} onClick={() => ack.run()}>{t('room.acknowledge')}</button>
      <Privacy>{t('room.acknowledgeSeen', { name })}</Privacy>
    </Card>
  );
}

export function RoomPage({ path }: { path: string }) {
  const thread = path.startsWith('/care/room/private') ? 'private' : 'joint';
  const [room, setRoom] = useState<Room | ApiError | null>(null);
  const [partner, setPartner] = useState(t('partner.fallback'));
  const load = () => getRoom(PARTNER_ROOM).then(setRoom, (e: ApiError) => setRoom(e));
  useEffect(() => {
    void load();
    getCouple().then((c) => { const name = partnerName(c); if (name) setPartner(name); }, () => {});
  }, []);

  let body;
  if (room === null) body = <Skeleton lines={4} />;
  else if (room instanceof ApiError)
    body = room.status === 404 ? <Card><p>{t('room.none')}</p><a class="button" href="/care">{t('care.check.back')}</a></Card>
      : <LoadError error={room} retry={load} />;
  else if (!room.policy) body = <Notice>{t('room.noPolicy', { name: room.therapist.display_name })}</Notice>;
  else if (room.acknowledged_version !== room.policy.version) body = <PolicyGate room={room} onRoom={setRoom} reload={load} />;
  else {
    const name = room.therapist.display_name;
    const unread = (id: string) => room.threads.find((th) => th.id === id)?.unread ?? 0;
    body = (
      <>
        <ThreadTabs label={t('room.threads')} tabs={[
          { href: '/care/room', name: t('room.joint'), unread: unread('joint'), current: thread === 'joint' },
          { href: '/care/room/private', name: t('room.private', { name }), unread: unread('private'), current: thread === 'private' },
        ]} />
        <Privacy>{thread === 'joint' ? t('room.jointPrivacy', { partner, name }) : t('room.privatePrivacy', { partner, name })}</Privacy>
        <Thread key={thread} base={PARTNER_ROOM} relationship={room.relationship_id} thread={thread}
          writeTo={thread === 'joint' ? formatList([partner, name]) : name} onChanged={load} />
        <details class="more">
          <summary>{t('room.policyAgain', { name })}</summary>
          <blockquote class="policy-text">{room.policy.text}</blockquote>
        </details>
      </>
    );
  }
  return (
    <main id="main" class="room">
      <BackLink href="/care" label={t('care.check.back')} />
      <h1>{room && !(room instanceof ApiError) ? t('room.title', { name: room.therapist.display_name }) : t('title.room')}</h1>
      {body}
    </main>
  );
}
