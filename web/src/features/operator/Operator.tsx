// The operator's console: therapists' applications and profiles by status, one profile
// to review (Review.tsx), the audit log (Audit.tsx) and the reset of a lost second factor
// (Reset.tsx). Reachable from Settings for operators; the server decides who may use it.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { listTherapists, STATUSES, type ProfileStatus, type TherapistList } from '../../api/operator';
import { formatDate, formatList, t, type Key } from '../../i18n';
import { Card, LoadError, Notice, Skeleton, useAction } from '../../ui/components';
import { AuditLog } from './Audit';
import { ResetSecondFactor } from './Reset';
import { Review } from './Review';
import { credentialWord, placeNames, STATUS_WORDS } from './words';

export const toApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, t('error.generic')));

export function Operator({ path }: { path: string }) {
  const rest = path.replace(/^\/operator\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (rest[0] === 'therapists' && rest[1]) return <Review id={rest[1]} />;
  if (rest[0] === 'audit') return <AuditLog />;
  if (rest[0] === 'second-factor') return <ResetSecondFactor />;
  const status = new URLSearchParams(location.search).get('status');
  return <Applications key={status} status={STATUSES.includes(status as ProfileStatus) ? (status as ProfileStatus) : 'submitted'} />;
}

const TABS: { path: string; label: Key }[] = [
  { path: '/operator', label: 'operator.tab.therapists' },
  { path: '/operator/audit', label: 'operator.tab.audit' },
  { path: '/operator/second-factor', label: 'operator.tab.reset' },
];

// Every console page: its title, the console's tabs, then the page.
export function Frame({ title, tab, children }: { title: string; tab: string; children: ComponentChildren }) {
  return (
    <main id="main">
      <h1>{title}</h1>
      <nav class="tabs" aria-label={t('operator.title')}>
        {TABS.map((x) => <a key={x.path} href={x.path} aria-current={x.path === tab ? 'page' : undefined}>{t(x.label)}</a>)}
      </nav>
      {children}
    </main>
  );
}

// Why a console page cannot be shown: a second factor to set up first, a person who is
// not an operator, or the usual load error with a retry.
export function Blocked({ error, retry }: { error: ApiError; retry: () => void }) {
  if (error.status === 403 && error.fieldMessage('second_factor'))
    return <Notice kind="error"><p>{t('operator.needsFactor')}</p><a href="/settings">{t('operator.openSettings')}</a></Notice>;
  if (error.status === 403) return <Notice kind="error">{t('operator.notOperator')}</Notice>;
  return <LoadError error={error} retry={retry} />;
}

// One page of profiles with `status`, oldest submission first, with "show more".
function Applications({ status }: { status: ProfileStatus }) {
  const [data, setData] = useState<TherapistList | ApiError | null>(null);
  const load = () => listTherapists(status).then(setData, (e) => setData(toApiError(e)));
  useEffect(() => { void load(); }, [status]);
  const more = useAction(async () => {
    if (!data || data instanceof ApiError || !data.next) return;
    const next = await listTherapists(status, data.next);
    setData({ ...next, therapists: [...data.therapists, ...next.therapists] });
  });
  return (
    <Frame title={t('operator.title')} tab="/operator">
      <p class="lead-small">{t('operator.lead')}</p>
      <nav class="filters" aria-label={t('operator.filterLabel')}>
        {STATUSES.map((s) => (
          <a key={s} class="chip" href={`/operator?status=${s}`} aria-current={s === status ? 'page' : undefined}>{t(STATUS_WORDS[s])}</a>
        ))}
      </nav>
      {data instanceof ApiError ? <Blocked error={data} retry={() => { setData(null); void load(); }} />
        : !data ? <Skeleton lines={3} label={t('operator.loading')} />
        : (
          <Card>
            {data.therapists.length === 0 ? <p>{t('operator.none')}</p> : (
              <ul class="entries" data-testid="applications">
                {data.therapists.map((x) => (
                  <li key={x.id} class="entry">
                    <a class="entry__title" href={`/operator/therapists/${encodeURIComponent(x.id)}`}>{x.full_name || t('operator.unnamed')}</a>
                    <p class="muted small">
                      {[x.credential ? credentialWord(x.credential) : '', formatList(placeNames(x.jurisdictions))].filter(Boolean).join(' · ')}
                    </p>
                    <p class="small">
                      {x.submitted_at ? t('operator.submittedOn', { date: formatDate(x.submitted_at) }) : t('operator.notSubmitted')}
                      {x.verification_ended ? <> · <span class="badge badge--warning">{t('operator.ended')}</span></>
                        : x.verified_until && <> · {t('operator.verifiedUntil', { date: formatDate(`${x.verified_until}T12:00:00Z`) })}</>}
                    </p>
                  </li>
                ))}
              </ul>
            )}
            {more.generalError && <Notice kind="error">{more.generalError}</Notice>}
            {data.next && <button type="button" class="button button--quiet" disabled={more.busy} onClick={() => more.run()}>{t('operator.more')}</button>}
          </Card>
        )}
    </Frame>
  );
}
