// A therapist's sessions for the next two weeks, in their own time zone, with who comes.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { getSchedule, therapistCancel, type ScheduledSession } from '../../api/care';
import { t } from '../../i18n';
import { Card, LoadError, Notice, Skeleton, useAction } from '../../ui/components';

export function SchedulePage() {
  const [schedule, setSchedule] = useState<{ time_zone: string; sessions: ScheduledSession[] } | ApiError | null>(null);
  const load = () => getSchedule().then(setSchedule, (e: ApiError) => setSchedule(e));
  useEffect(() => { void load(); }, []);
  const cancel = useAction(async (id: string) => { await therapistCancel(id); await load(); });
  if (schedule === null) return <Skeleton lines={3} />;
  if (schedule instanceof ApiError) return <LoadError error={schedule} retry={load} />;
  return (
    <Card title={t('practice.schedule.next')} id="schedule-title">
      <p class="hint">{t('care.book.zone', { zone: schedule.time_zone })}</p>
      {schedule.sessions.length === 0 ? <p>{t('practice.schedule.none')}</p> : (
        <ul class="entries" data-testid="schedule">
          {schedule.sessions.map((s) => (
            <li key={s.id}>
              <strong>{s.local_start.replace('T', ' ')}</strong>{' · '}
              {s.kind === 'joint' ? t('practice.schedule.together') : t('practice.schedule.alone')}{' · '}{s.with.join(' & ')}
              {s.call_open && <a class="button" href={`/call/${encodeURIComponent(s.id)}`} data-testid="open-call">{t('call.open')}</a>}
              <button type="button" class="link-button" disabled={cancel.busy} onClick={() => cancel.run(s.id)}>{t('care.sessions.cancel')}</button>
            </li>
          ))}
        </ul>
      )}
      {cancel.error && <Notice kind="error">{cancel.error.detail}</Notice>}
    </Card>
  );
}
