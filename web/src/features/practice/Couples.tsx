// The couples who asked a therapist, and those they see: accept or decline a request
// within capacity; for a couple taken on, each partner's check (never its answers), the
// step that opens sessions together, and the way to the couple's own page.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { acceptCouple, declineCouple, endCouple, listCouples, openJoint, type TherapistCouple } from '../../api/care';
import { formatDate, nameOf, t, type Key } from '../../i18n';
import { Card, LoadError, Notice, Skeleton, Toggle, useAction } from '../../ui/components';
import { coupleHref } from './Couple';

const SCREEN_WORDS: Record<NonNullable<TherapistCouple['partners'][number]['screen']>, Key> = {
  not_taken: 'practice.couples.screenNotTaken',
  taken: 'practice.couples.screenTaken',
  alone_first: 'practice.couples.screenAloneFirst',
};
const place = (code: string | null) => (code ? (code.includes('-') ? code : nameOf('region', code) ?? code) : '—');

function CoupleCard({ couple, onChanged }: { couple: TherapistCouple; onChanged: () => void }) {
  const [spokeAlone, setSpokeAlone] = useState(false);
  const act = useAction(async (what: () => Promise<unknown>) => { await what(); onChanged(); });
  const aloneFirst = couple.partners.some((p) => p.screen === 'alone_first');
  const allTaken = couple.partners.length === 2 && couple.partners.every((p) => p.screen && p.screen !== 'not_taken');
  return (
    <li class="card" data-testid="couple">
      <h3>{couple.partners.map((p) => p.display_name).join(' & ') || t('practice.couples.ended')}</h3>
      <p class="hint">{t('practice.couples.asked', { when: formatDate(new Date(couple.requested_at), { time: true }) })}</p>
      <ul class="entries">
        {couple.partners.map((p) => (
          <li key={p.display_name}>
            <strong>{p.display_name}</strong>{' · '}{place(p.where)}{p.time_zone ? ` · ${p.time_zone}` : ''}
            {p.screen && <span>{' · '}{t(SCREEN_WORDS[p.screen])}</span>}
          </li>
        ))}
      </ul>
      {couple.status === 'requested' && (
        <div class="actions">
          <button type="button" class="button" disabled={act.busy} onClick={() => act.run(() => acceptCouple(couple.id))}>{t('practice.couples.accept')}</button>
          <button type="button" class="button button--quiet" disabled={act.busy} onClick={() => act.run(() => declineCouple(couple.id))}>{t('practice.couples.decline')}</button>
        </div>
      )}
      {couple.status === 'accepted' && (
        couple.joint_open ? <p>{t('practice.couples.jointOpen')}</p> : (
          <>
            <p>{allTaken ? t('practice.couples.jointClosed') : t('practice.couples.waitingChecks')}</p>
            {aloneFirst && <Toggle id={`alone-${couple.id}`} label={t('practice.couples.spokeAlone')} checked={spokeAlone} onChange={setSpokeAlone} />}
            <button type="button" class="button" disabled={act.busy || !allTaken || (aloneFirst && !spokeAlone)}
              onClick={() => act.run(() => openJoint(couple.id, spokeAlone))}>{t('practice.couples.openJoint')}</button>
          </>
        )
      )}
      {couple.status === 'accepted' && (
        <>
          <p><a class="button button--quiet" href={coupleHref(couple.id)}>{t('practice.couples.open')}</a></p>
          <button type="button" class="link-button" disabled={act.busy} onClick={() => act.run(() => endCouple(couple.id))}>{t('practice.couples.end')}</button>
        </>
      )}
      {act.error && <Notice kind="error">{act.error.detail}</Notice>}
    </li>
  );
}

export function CouplesPage() {
  const [lists, setLists] = useState<{ requested: TherapistCouple[]; accepted: TherapistCouple[] } | ApiError | null>(null);
  const load = async () => {
    try {
      const [requested, accepted] = await Promise.all([listCouples('requested'), listCouples('accepted')]);
      setLists({ requested: requested.couples, accepted: accepted.couples });
    } catch (e) {
      setLists(e instanceof ApiError ? e : new ApiError(0, t('error.generic')));
    }
  };
  useEffect(() => { void load(); }, []);
  if (lists === null) return <Skeleton lines={3} />;
  if (lists instanceof ApiError) return <LoadError error={lists} retry={load} />;
  return (
    <>
      <Card title={t('practice.couples.requests')} id="requests-title">
        {lists.requested.length === 0 ? <p>{t('practice.couples.noRequests')}</p> : (
          <ul class="couples" data-testid="requests">{lists.requested.map((c) => <CoupleCard key={c.id} couple={c} onChanged={load} />)}</ul>
        )}
      </Card>
      <Card title={t('practice.couples.yours')} id="yours-title">
        {lists.accepted.length === 0 ? <p>{t('practice.couples.none')}</p> : (
          <ul class="couples" data-testid="accepted">{lists.accepted.map((c) => <CoupleCard key={c.id} couple={c} onChanged={load} />)}</ul>
        )}
      </Card>
    </>
  );
}
