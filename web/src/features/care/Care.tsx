// Care: a licensed therapist, together or on your own. The way there, in order: each
// partner's private check, each partner's answers for matching, the couple's matches with
// the reasons they fit, asking one, and — once they take the couple on — booking
// sessions. Help lines are always one link away.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import {
  askTherapist, book, cancelSession, clearPasses, endCare, getCare, getMatches, getSessions, getSlots, inLanguage, moveSession, passMatch,
  type CareOverview, type Match, type PublicTherapist, type Reason, type Session, type Slots,
} from '../../api/care';
import { PARTNER_ROOM, getRoom } from '../../api/room';
import { formatDate, formatMoney, language, nameOf, t } from '../../i18n';
import { Card, LoadError, Notice, Skeleton, useAction } from '../../ui/components';
import { BeforeSessionCard } from '../outcomes/Before';
import { APPROACH_WORDS, CREDENTIAL_WORDS, GENDER_WORDS, MODALITY_WORDS, SPECIALTY_WORDS } from '../practice/words';
import { QuestionsForm } from './Questions';

const placeName = (code: string) => (code.includes('-') ? code : nameOf('region', code) ?? code);
const languageName = (code: string) => nameOf('language', code) ?? code;

function reasonText(r: Reason, therapist: PublicTherapist): string {
  switch (r.code) {
    case 'licensed': return t('care.reason.licensed', { place: placeName(r.value) });
    case 'language': return t('care.reason.language', { language: languageName(r.value) });
    case 'modality': return t('care.reason.modality', { modality: t(MODALITY_WORDS[r.value as keyof typeof MODALITY_WORDS]) });
    case 'specialty': return t('care.reason.specialty', { specialty: t(SPECIALTY_WORDS[r.value as keyof typeof SPECIALTY_WORDS]) });
    case 'approach': return t('care.reason.approach', { approach: t(APPROACH_WORDS[r.value as keyof typeof APPROACH_WORDS]) });
    case 'gender': return t('care.reason.gender', { gender: t(GENDER_WORDS[r.value as keyof typeof GENDER_WORDS]) });
    case 'fee': return t('care.reason.fee', { fee: formatMoney(Number(r.value), therapist.currency) });
    case 'times': return t('care.reason.times', { hours: Math.round(Number(r.value) / 60) });
    default: return r.value;
  }
}

function TherapistCard({ therapist, children }: { therapist: PublicTherapist; children?: ComponentChildren }) {
  return (
    <article class="card therapist" data-testid="therapist">
      <div class="therapist__head">
        {therapist.has_photo && <img class="therapist__photo" src={`/api/v1/therapists/${therapist.id}/photo`} alt="" width={72} height={72} />}
        <div>
          <h3>{therapist.full_name}</h3>
          <p class="hint">
            {t(CREDENTIAL_WORDS[therapist.credential as keyof typeof CREDENTIAL_WORDS] ?? 'practice.choose')}
            {' · '}{t('care.licence', { number: therapist.licence_number, body: therapist.licensing_body })}
          </p>
          <p class="hint">{t('care.fee', { fee: formatMoney(therapist.fee, therapist.currency), minutes: therapist.session_minutes })}</p>
        </div>
      </div>
      {therapist.bio && <p>{therapist.bio}</p>}
      {children}
    </article>
  );
}

function Matches({ onAsked }: { onAsked: () => void }) {
  const [matches, setMatches] = useState<Match[] | ApiError | null>(null);
  const load = () => getMatches().then((m) => setMatches(m.matches), (e: ApiError) => setMatches(e));
  useEffect(() => { void load(); }, []);
  const ask = useAction(async (id: string) => { await askTherapist(id); onAsked(); });
  const pass = useAction(async (id: string) => { await passMatch(id); await load(); });
  const again = useAction(async () => { await clearPasses(); await load(); });
  if (matches === null) return <Skeleton lines={3} />;
  if (matches instanceof ApiError) return <LoadError error={matches} retry={load} />;
  return (
    <Card title={t('care.matches.title')} id="matches-title">
      {matches.length === 0 ? (
        <>
          <p>{t('care.matches.none')}</p>
          <button type="button" class="button button--quiet" onClick={() => again.run()}>{t('care.matches.again')}</button>
        </>
      ) : (
        <ol class="matches" data-testid="matches">
          {matches.map((m) => (
            <li key={m.therapist.id}>
              <TherapistCard therapist={m.therapist}>
                <h4>{t('care.matches.why')}</h4>
                <ul class="reasons">{m.reasons.map((r) => <li key={r.code + r.value}>{reasonText(r, m.therapist)}</li>)}</ul>
                <div class="actions">
                  <button type="button" class="button" disabled={ask.busy} onClick={() => ask.run(m.therapist.id)}>
                    {t('care.matches.ask', { name: m.therapist.full_name })}
                  </button>
                  <button type="button" class="button button--quiet" disabled={pass.busy} onClick={() => pass.run(m.therapist.id)}>
                    {t('care.matches.another')}
                  </button>
                </div>
              </TherapistCard>
            </li>
          ))}
        </ol>
      )}
      {(ask.error || pass.error) && <Notice kind="error">{(ask.error ?? pass.error)!.detail}</Notice>}
    </Card>
  );
}

// The couple's room with their therapist and what each of them shares: a way to both,
// with how many messages wait unread.
function RoomCard({ name }: { name: string }) {
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    getRoom(PARTNER_ROOM).then((r) => setUnread(r.threads.reduce((sum, th) => sum + th.unread, 0)), () => {});
  }, []);
  return (
    <Card title={t('care.room.title', { name })} id="room-title">
      <p>{t('care.room.lead', { name })}</p>
      <a class="button" href="/care/room">{unread > 0 ? t('care.room.openUnread', { count: unread }) : t('care.room.open')}</a>
      <a class="button button--quiet" href="/care/consent">{t('care.room.consent', { name })}</a>
    </Card>
  );
}

function dayOf(local: string) { return local.slice(0, 10); }

function Booking({ care }: { care: CareOverview }) {
  const [slots, setSlots] = useState<Slots | ApiError | null>(null);
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [kind, setKind] = useState<'joint' | 'individual'>(care.joint.available ? 'joint' : 'individual');
  const [done, setDone] = useState<string | null>(null);
  // A session being moved: the next time chosen moves it rather than booking another.
  const [moving, setMoving] = useState<Session | null>(null);
  const load = async () => {
    getSlots().then(setSlots, (e: ApiError) => setSlots(e));
    getSessions().then((s) => setSessions(s.sessions), () => setSessions([]));
  };
  useEffect(() => { void load(); }, []);
  const take = useAction(async (startsAt: number) => {
    const s = moving ? await moveSession(moving.id, startsAt) : await book(startsAt, kind);
    setDone(t(moving ? 'care.book.moved' : 'care.book.done', { when: formatDate(new Date(s.starts_at), { time: true }) }));
    setMoving(null);
    await load();
  });
  const cancel = useAction(async (id: string) => { await cancelSession(id); await load(); });
  const lang = language();
  const byDay = new Map<string, Slots['slots']>();
  if (slots && !(slots instanceof ApiError)) for (const s of slots.slots) byDay.set(dayOf(s.local_start), [...(byDay.get(dayOf(s.local_start)) ?? []), s]);
  return (
    <>
      <Card title={t('care.sessions.title')} id="sessions-title">
        {sessions === null ? <Skeleton /> : sessions.length === 0 ? <p>{t('care.sessions.none')}</p> : (
          <ul class="entries" data-testid="sessions">
            {sessions.map((s) => (
              <li key={s.id}>
                <strong>{formatDate(new Date(s.starts_at), { time: true })}</strong>{' · '}
                {s.kind === 'joint' ? t('care.book.together') : t('care.book.alone')}{' · '}{s.therapist_name}
                <div class="session__actions">
                  {s.call_open && <a class="button" href={`/call/${encodeURIComponent(s.id)}`} data-testid="join-call">{t('call.join')}</a>}
                  <button type="button" class="link-button" onClick={() => { setDone(null); setMoving(s); }}>{t('care.sessions.move')}</button>
                  <button type="button" class="link-button" disabled={cancel.busy} onClick={() => cancel.run(s.id)}>{t('care.sessions.cancel')}</button>
                </div>
              </li>
            ))}
          </ul>
        )}
        {cancel.error && <Notice kind="error">{cancel.error.detail}</Notice>}
      </Card>
      <Card title={t('care.book.title')} id="book-title">
        <fieldset class="checks">
          <legend>{t('care.book.who')}</legend>
          <div class="checks__list">
            <label class="check-option">
              <input type="radio" name="kind" checked={kind === 'joint'} disabled={!care.joint.available} onChange={() => setKind('joint')} />
              <span>{t('care.book.together')}</span>
            </label>
            <label class="check-option">
              <input type="radio" name="kind" checked={kind === 'individual'} onChange={() => setKind('individual')} />
              <span>{t('care.book.alone')}</span>
            </label>
          </div>
        </fieldset>
        {!care.joint.available && care.joint.message && (
          <Notice><strong>{inLanguage(care.joint.message.title, lang)}</strong> {inLanguage(care.joint.message.body, lang)}</Notice>
        )}
        {done && <Notice kind="success">{done}</Notice>}
        {moving && (
          <Notice>
            {t('care.book.moving', { when: formatDate(new Date(moving.starts_at), { time: true }) })}{' '}
            <button type="button" class="link-button" onClick={() => setMoving(null)}>{t('care.book.keep')}</button>
          </Notice>
        )}
        {take.error && <Notice kind="error">{take.error.detail}</Notice>}
        {slots === null ? <Skeleton lines={3} /> : slots instanceof ApiError ? <LoadError error={slots} retry={load} /> : (
          <>
            <p class="hint">{t('care.book.zone', { zone: slots.time_zone })}</p>
            {byDay.size === 0 && <p>{t('care.book.noSlots')}</p>}
            <div class="slots" data-testid="slots">
              {[...byDay.entries()].slice(0, 7).map(([day, list]) => (
                <div key={day} class="slots__day">
                  <h3>{formatDate(new Date(`${day}T12:00:00Z`))}</h3>
                  <div class="slots__list">
                    {list.map((s) => (
                      <button key={s.starts_at} type="button" class="button button--quiet" disabled={take.busy}
                        onClick={() => take.run(s.starts_at)}>{s.local_start.slice(11)}</button>
                    ))}
                  </div>
                </div>
              ))}
            </div>
          </>
        )}
      </Card>
    </>
  );
}

export function CarePage() {
  const [care, setCare] = useState<CareOverview | ApiError | null>(null);
  const [editing, setEditing] = useState(false);
  const load = () => getCare().then(setCare, (e: ApiError) => setCare(e));
  useEffect(() => { void load(); }, []);
  const stop = useAction(async () => { await endCare(); await load(); });

  let body;
  if (care === null) body = <Skeleton lines={4} />;
  else if (care instanceof ApiError) {
    body = care.status === 404
      ? <Card><p>{t('care.noCouple')}</p><a class="button" href="/home">{t('care.noCoupleLink')}</a></Card>
      : <LoadError error={care} retry={load} />;
  } else {
    const r = care.relationship;
    body = (
      <>
        {r?.status === 'accepted' && <BeforeSessionCard />}
        <Card title={t('care.check.cardTitle')} id="check-title">
          {care.screen.taken ? <p>{t('care.check.taken')} <a href="/care/check">{t('care.check.see')}</a></p> : (
            <>
              <p>{t('care.check.why')}</p>
              <a class="button" href="/care/check">{t('care.check.start')}</a>
            </>
          )}
        </Card>
        {care.screen.taken && (!care.questionnaire || editing) && (
          <QuestionsForm start={care.questionnaire} currency={care.currency} onSaved={() => { setEditing(false); void load(); }} />
        )}
        {care.questionnaire && !editing && (
          <Card title={t('care.q.title')} id="q-title">
            <p>{t('care.q.done')} {care.partner_answered ? t('care.q.partnerDone') : t('care.q.partnerWaiting')}</p>
            <button type="button" class="link-button" onClick={() => setEditing(true)}>{t('care.q.change')}</button>
          </Card>
        )}
        {care.questionnaire && care.partner_answered && !r && <Matches onAsked={load} />}
        {r && (
          <Card title={r.status === 'accepted' ? t('care.yourTherapist') : t('care.asked')} id="rel-title">
            {r.therapist && <TherapistCard therapist={r.therapist} />}
            <p data-testid="relationship-status">{r.status === 'accepted' ? t('care.accepted') : t('care.waiting', { name: r.therapist?.full_name ?? '' })}</p>
            <button type="button" class="link-button" disabled={stop.busy} onClick={() => stop.run()}>
              {r.status === 'accepted' ? t('care.stop') : t('care.withdraw')}
            </button>
          </Card>
        )}
        {r?.status === 'accepted' && <RoomCard name={r.therapist?.full_name ?? ''} />}
        {r?.status === 'accepted' && <Booking care={care} />}
      </>
    );
  }
  return (
    <main id="main">
      <h1>{t('title.care')}</h1>
      <p class="lead-small">{t('care.lead')}</p>
      {body}
      <p><a href="/care/help">{t('care.help.link')}</a></p>
    </main>
  );
}

