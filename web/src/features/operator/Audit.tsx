// The audit log: what operators (and rekindle's own scheduled jobs) did, newest first, a
// page at a time, and the check that no entry was changed or removed since it was
// written. History shows one object's entries on its page.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { listAudit, verifyAudit, type AuditEntry, type AuditPage } from '../../api/operator';
import { formatDate, t } from '../../i18n';
import { Card, Notice, Skeleton, useAction } from '../../ui/components';
import { Blocked, Frame, toApiError } from './Operator';
import { actionWord } from './words';

type AuditObject = { type: string; id: string };

// Entries newest first, with "show older" while there are more.
function useEntries(object?: AuditObject) {
  const [data, setData] = useState<AuditPage | ApiError | null>(null);
  const load = () => listAudit({ object }).then(setData, (e) => setData(toApiError(e)));
  useEffect(() => { void load(); }, [object?.type, object?.id]);
  const older = useAction(async () => {
    if (!data || data instanceof ApiError || !data.next_before) return;
    const next = await listAudit({ object, before: data.next_before });
    setData({ entries: [...data.entries, ...next.entries], next_before: next.next_before });
  });
  return { data, reload: () => { setData(null); void load(); }, older };
}

function Entries({ page, older }: { page: AuditPage; older: ReturnType<typeof useEntries>['older'] }) {
  if (page.entries.length === 0) return <p>{t('operator.auditNone')}</p>;
  return (
    <>
      <ol class="entries" data-testid="audit-entries">
        {page.entries.map((e) => <Entry key={e.seq} entry={e} />)}
      </ol>
      {older.generalError && <Notice kind="error">{older.generalError}</Notice>}
      {page.next_before && (
        <button type="button" class="button button--quiet" disabled={older.busy} onClick={() => older.run()}>{t('operator.auditOlder')}</button>
      )}
    </>
  );
}

function Entry({ entry: e }: { entry: AuditEntry }) {
  const who = e.actor_id === '' ? t('operator.auditSystem') : e.actor_email ?? e.actor_id;
  const what = e.object_type === 'therapist'
    ? <a href={`/operator/therapists/${encodeURIComponent(e.object_id)}`}>{t('operator.auditTherapist')}</a>
    : <span>{t('operator.auditAccount', { id: e.object_id })}</span>;
  return (
    <li class="entry">
      <p><strong>{actionWord(e.action)}</strong> · {what}</p>
      <p class="small muted">{t('operator.auditBy', { seq: e.seq, when: formatDate(e.at, { time: true }), who })}</p>
      {e.detail && <p class="entry__excerpt small">{e.detail}</p>}
    </li>
  );
}

export function AuditLog() {
  const { data, reload, older } = useEntries();
  const [verdict, setVerdict] = useState<{ intact: boolean; first_broken: number | null; checked_at: string } | null>(null);
  const check = useAction(async () => setVerdict(await verifyAudit()));
  return (
    <Frame title={t('operator.auditTitle')} tab="/operator/audit">
      <p class="lead-small">{t('operator.auditLead')}</p>
      <Card title={t('operator.chainTitle')} id="chain-title">
        <p>{t('operator.chainHint')}</p>
        {check.generalError && <Notice kind="error">{check.generalError}</Notice>}
        {verdict && (verdict.intact
          ? <Notice kind="success">{t('operator.chainIntact', { when: formatDate(verdict.checked_at, { time: true }) })}</Notice>
          : <Notice kind="error">{t('operator.chainBroken', { seq: verdict.first_broken ?? 0 })}</Notice>)}
        <button type="button" class="button button--quiet" disabled={check.busy} onClick={() => check.run()}>{t('operator.chainCheck')}</button>
      </Card>
      {data instanceof ApiError ? <Blocked error={data} retry={reload} />
        : !data ? <Skeleton lines={4} label={t('operator.loading')} />
        : <Card><Entries page={data} older={older} /></Card>}
    </Frame>
  );
}

// One object's entries, on its page.
export function History({ object }: { object: AuditObject }) {
  const { data, reload, older } = useEntries(object);
  return (
    <Card title={t('operator.historyTitle')} id="history-title">
      {data instanceof ApiError ? <Blocked error={data} retry={reload} />
        : !data ? <Skeleton lines={2} label={t('operator.loading')} />
        : <Entries page={data} older={older} />}
    </Card>
  );
}
