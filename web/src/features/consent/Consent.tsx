// What a partner shares with their therapist (/care/consent): one switch per kind of
// result, each taking effect at once, and below it the partner's own log of who saw
// what, when. Nothing here tells the other partner anything.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { getCouple, partnerName } from '../../api/couples';
import { LOG_PAGE, getConsent, getConsentLog, setConsent, type Consent, type ConsentLogEntry, type Scope } from '../../api/consent';
import { formatDate, t, type Key } from '../../i18n';
import { BackLink, Card, LoadError, Privacy, Skeleton, Switch } from '../../ui/components';

// What each kind shares, said plainly: the partner's switch and its hint, its name in the
// partner's log, and its title on the therapist's page.
export const SCOPE_WORDS: Record<Scope, { label: Key; hint: Key; noun: Key; title: Key }> = {
  triangle: { label: 'consent.triangle', hint: 'consent.triangleHint', noun: 'consent.triangleNoun', title: 'shared.triangle' },
  reflections: { label: 'consent.reflections', hint: 'consent.reflectionsHint', noun: 'consent.reflectionsNoun', title: 'shared.reflections' },
  selfcare: { label: 'consent.selfcare', hint: 'consent.selfcareHint', noun: 'consent.selfcareNoun', title: 'shared.selfcare' },
  journal: { label: 'consent.journal', hint: 'consent.journalHint', noun: 'consent.journalNoun', title: 'shared.journal' },
  satisfaction: { label: 'consent.satisfaction', hint: 'consent.satisfactionHint', noun: 'consent.satisfactionNoun', title: 'shared.satisfaction' },
};

function logLine(e: ConsentLogEntry): string {
  const what = t(SCOPE_WORDS[e.scope].noun);
  if (e.action === 'read') return t('consent.log.read', { name: e.name ?? '', what });
  if (e.action === 'exported') return t('consent.log.exported', { name: e.name ?? '', what });
  return t(e.action === 'granted' ? 'consent.log.granted' : 'consent.log.withdrawn', { what });
}

function Log({ entries, more, onMore }: { entries: ConsentLogEntry[]; more: boolean; onMore: () => void }) {
  return (
    <Card title={t('consent.log.title')} id="log-title">
      <Privacy>{t('consent.log.private')}</Privacy>
      {entries.length === 0 ? <p>{t('consent.log.empty')}</p> : (
        <ul class="entries" data-testid="consent-log">
          {entries.map((e) => (
            <li key={e.id} class="entry">
              <p>{logLine(e)}</p>
              <p class="hint"><time dateTime={new Date(e.at).toISOString()}>{formatDate(new Date(e.at), { time: true })}</time></p>
            </li>
          ))}
        </ul>
      )}
      {more && <button type="button" class="link-button" onClick={onMore}>{t('consent.log.older')}</button>}
    </Card>
  );
}

export function ConsentPage() {
  const [consent, setState] = useState<Consent | ApiError | null>(null);
  const [log, setLog] = useState<{ entries: ConsentLogEntry[]; more: boolean } | null>(null);
  const [partner, setPartner] = useState(t('partner.fallback'));
  const loadLog = () => getConsentLog().then((r) => setLog({ entries: r.entries, more: r.entries.length === LOG_PAGE }), () => setLog(null));
  const load = () => getConsent().then(setState, (e: ApiError) => setState(e));
  useEffect(() => {
    void load();
    void loadLog();
    getCouple().then((c) => { const name = partnerName(c); if (name) setPartner(name); }, () => {});
  }, []);
  async function older() {
    if (!log?.entries.length) return;
    const r = await getConsentLog(log.entries[log.entries.length - 1].id);
    setLog({ entries: [...log.entries, ...r.entries], more: r.entries.length === LOG_PAGE });
  }

  let body;
  if (consent === null) body = <Skeleton lines={4} />;
  else if (consent instanceof ApiError)
    body = consent.status === 404 ? <Card><p>{t('care.noCouple')}</p><a class="button" href="/home">{t('care.noCoupleLink')}</a></Card>
      : <LoadError error={consent} retry={load} />;
  else if (!consent.open || !consent.therapist) body = <Card><p>{t('consent.noTherapist')}</p></Card>;
  else {
    const name = consent.therapist.display_name;
    body = (
      <Card title={t('consent.with', { name })} id="consent-title">
        <p>{t('consent.lead', { name, partner })}</p>
        <div data-testid="consent-switches">
          {consent.scopes.map((s) => (
            <Switch key={s.scope} label={t(SCOPE_WORDS[s.scope].label, { partner })} checked={s.shared}
              hint={`${t(SCOPE_WORDS[s.scope].hint, { partner })} ${s.shared && s.since
                ? t('consent.sharedSince', { name, date: formatDate(new Date(s.since)) }) : t('consent.notShared')}`}
              save={async (on) => { setState(await setConsent(s.scope, on)); void loadLog(); }} />
          ))}
        </div>
        <Privacy>{t('consent.partnerNotTold', { partner })}</Privacy>
      </Card>
    );
  }
  return (
    <main id="main">
      <BackLink href="/care" label={t('care.check.back')} />
      <h1>{t('title.consent')}</h1>
      {body}
      {consent && !(consent instanceof ApiError) && log && <Log entries={log.entries} more={log.more} onMore={older} />}
    </main>
  );
}
