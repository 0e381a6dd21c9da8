// The therapist's policy on secrets (/practice/policy): what they will and will not carry
// from a partner's private thread into the joint one. Every couple's partners read it
// before they write; a change is a new version, which they read again.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { POLICY_MAX, getRoomPolicy, saveRoomPolicy, type RoomPolicy } from '../../api/room';
import { formatDate, t } from '../../i18n';
import { Card, LoadError, Notice, Skeleton, TextField, useAction } from '../../ui/components';

function PolicyForm({ current }: { current: RoomPolicy | null }) {
  const [policy, setPolicy] = useState(current);
  const [text, setText] = useState(current?.text ?? '');
  const [saved, setSaved] = useState<string | null>(null);
  const save = useAction(async () => {
    setSaved(null);
    const next = (await saveRoomPolicy(text.trim())).policy;
    setSaved(next.version === policy?.version ? t('practice.saved') : t('policy.savedVersion', { version: next.version }));
    setPolicy(next);
  });
  return (
    <Card>
      <p>{t('policy.lead')}</p>
      <form onSubmit={save.submit} noValidate>
        <TextField id="policy-text" label={t('policy.label')} hint={t('policy.hint', { max: POLICY_MAX })} rows={12} maxLength={POLICY_MAX}
          value={text} onInput={(v) => { setText(v); setSaved(null); }} error={save.error?.fieldMessage('text')} />
        {policy && <p class="hint" data-testid="policy-version">{t('policy.version', { version: policy.version, date: formatDate(new Date(policy.updated_at)) })}</p>}
        {save.generalError && <Notice kind="error">{save.generalError}</Notice>}
        {saved && <Notice kind="success">{saved}</Notice>}
        <button type="submit" class="button" disabled={save.busy || text.trim() === ''}>{t('policy.save')}</button>
      </form>
    </Card>
  );
}

export function PolicyPage() {
  const [policy, setPolicy] = useState<RoomPolicy | null | ApiError | undefined>(undefined);
  const load = () => getRoomPolicy().then((r) => setPolicy(r.policy), (e: ApiError) => setPolicy(e));
  useEffect(() => { void load(); }, []);
  if (policy === undefined) return <Skeleton lines={3} />;
  if (policy instanceof ApiError) return <LoadError error={policy} retry={load} />;
  return <PolicyForm current={policy} />;
}
