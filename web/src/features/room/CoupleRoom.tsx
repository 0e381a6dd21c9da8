// A couple's room as their therapist sees it (/practice/couples/{id}/room): the joint
// thread and each partner's private thread (/…/room/{partner id}), which the other
// partner never sees; which version of the policy on secrets each partner has read.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { getRoom, therapistRoom, type Room } from '../../api/room';
import { formatList, t } from '../../i18n';
import { LoadError, Notice, Privacy, Skeleton } from '../../ui/components';
import { Thread, ThreadTabs } from './Thread';

export function CoupleRoom({ couple, href, thread: chosen }: { couple: string; href: string; thread?: string }) {
  const base = therapistRoom(couple);
  const [room, setRoom] = useState<Room | ApiError | null>(null);
  const load = () => getRoom(base).then(setRoom, (e: ApiError) => setRoom(e));
  useEffect(() => { void load(); }, []);
  if (room === null) return <Skeleton lines={4} />;
  if (room instanceof ApiError) return <LoadError error={room} retry={load} />;

  const partners = room.partners ?? [];
  const thread = room.threads.find((th) => th.id === chosen) ?? room.threads[0];
  const partner = partners.find((p) => p.id === thread.id);
  const names = formatList(partners.map((p) => p.display_name));
  const noPolicy = <Notice>{t('room.therapistNoPolicy')} <a href="/practice/policy">{t('room.writePolicy')}</a></Notice>;
  return (
    <>
      {room.policy ? (
        <ul class="entries" data-testid="acknowledged">
          {partners.map((p) => (
            <li key={p.id}>
              {p.acknowledged_version === room.policy!.version ? t('room.readPolicy', { name: p.display_name })
                : p.acknowledged_version ? t('room.readOlderPolicy', { name: p.display_name }) : t('room.notReadPolicy', { name: p.display_name })}
            </li>
          ))}
        </ul>
      ) : noPolicy}
      <ThreadTabs label={t('room.threads')} tabs={room.threads.map((th) => ({
        href: th.id === 'joint' ? href : `${href}/${encodeURIComponent(th.id)}`,
        name: th.id === 'joint' ? t('room.joint') : t('room.privateWith', { name: th.display_name ?? '' }),
        unread: th.unread,
        current: th === thread,
      }))} />
      <Privacy>{partner
        ? t('room.therapistPrivatePrivacy', { name: partner.display_name, other: formatList(partners.filter((p) => p !== partner).map((p) => p.display_name)) })
        : t('room.therapistJointPrivacy', { names })}</Privacy>
      <Thread key={thread.id} base={base} relationship={room.relationship_id} thread={thread.id}
        writeTo={partner ? partner.display_name : names} blocked={room.policy ? undefined : noPolicy} onChanged={load} />
    </>
  );
}
