// The calendar feed and e-mail reminders: a private address any calendar app can
// subscribe to (shown once, revocable), and a reminder before each evening.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { getFeed, getReminders, newFeed, renameFeed, revokeFeed, setReminders, stopReminders, type CalendarFeed, type Reminders } from '../../api/together';
import { t } from '../../i18n';
import { Card, LoadError, Notice, Privacy, Skeleton, Switch, useAction } from '../../ui/components';
import { Icon } from '../../ui/icons';

const LEADS = [5, 10, 15, 30, 60, 120];

export function CalendarAndReminders() {
  const [reminders, setRem] = useState<Reminders | ApiError | null>(null);
  const [feed, setFeed] = useState<CalendarFeed | ApiError | null>(null);
  const load = () => {
    getReminders().then(setRem, (e: ApiError) => setRem(e));
    getFeed().then(setFeed, (e: ApiError) => setFeed(e));
  };
  useEffect(load, []);
  return (
    <Card title={t('calendar.title')} id="calendar-title">
      {reminders instanceof ApiError ? <LoadError error={reminders} retry={load} /> : reminders === null ? <Skeleton /> : (
        <ReminderControls value={reminders} onChange={setRem} />
      )}
      {feed instanceof ApiError ? <LoadError error={feed} retry={load} /> : feed === null ? <Skeleton /> : (
        <FeedControls value={feed} onChange={setFeed} />
      )}
    </Card>
  );
}

function ReminderControls({ value, onChange }: { value: Reminders; onChange: (r: Reminders) => void }) {
  const lead = useAction(async (n: number) => onChange(await setReminders(n)));
  return (
    <div class="stack">
      <Switch label={t('calendar.remind')} hint={t('calendar.remindHint')} checked={value.enabled}
        save={async (on) => onChange(on ? await setReminders(value.lead_minutes ?? 30) : (await stopReminders(), { enabled: false, lead_minutes: null }))} />
      {value.enabled && (
        <div class="field">
          <label for="lead">{t('calendar.lead')}</label>
          <select id="lead" value={String(value.lead_minutes ?? 30)} disabled={lead.busy}
            onChange={(e) => lead.run(Number((e.target as HTMLSelectElement).value))}>
            {LEADS.map((m) => <option key={m} value={m}>{t('calendar.leadOption', { minutes: m })}</option>)}
          </select>
          {lead.generalError && <Notice kind="error">{lead.generalError}</Notice>}
        </div>
      )}
    </div>
  );
}

function FeedControls({ value, onChange }: { value: CalendarFeed; onChange: (f: CalendarFeed) => void }) {
  const [title, setTitle] = useState(value.title);
  const [copied, setCopied] = useState(false);
  const make = useAction(async () => onChange(await newFeed(title)));
  const rename = useAction(async () => onChange(await renameFeed(title)));
  const revoke = useAction(async () => { await revokeFeed(); onChange({ enabled: false, title }); });
  const copy = async () => {
    if (!value.url) return;
    try {
      await navigator.clipboard.writeText(value.url);
      setCopied(true);
    } catch { /* the address is on screen to copy by hand */ }
  };
  const error = make.generalError ?? rename.generalError ?? revoke.generalError ?? make.error?.fields[0]?.message ?? rename.error?.fields[0]?.message;
  return (
    <div class="stack feed">
      <h3><Icon name="calendar" /> {t('calendar.feed')}</h3>
      <p>{t('calendar.feedLead')}</p>
      <div class="field">
        <label for="feed-title">{t('calendar.eventTitle')}</label>
        <input id="feed-title" value={title} maxLength={60} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} aria-describedby="feed-title-hint" />
        <p class="hint" id="feed-title-hint">{t('calendar.eventTitleHint')}</p>
      </div>
      {value.url && (
        <div class="feed__url" data-testid="feed-url">
          <p><strong>{t('calendar.yourAddress')}</strong></p>
          <input readOnly value={value.url} aria-label={t('calendar.yourAddress')} onFocus={(e) => (e.target as HTMLInputElement).select()} />
          <button type="button" class="button button--quiet" onClick={copy}><Icon name="copy" /> {copied ? t('calendar.copied') : t('calendar.copy')}</button>
          <Notice>{t('calendar.shownOnce')}</Notice>
          <details>
            <summary>{t('calendar.howTo')}</summary>
            <ul>
              <li>{t('calendar.howGoogle')}</li>
              <li>{t('calendar.howApple')}</li>
              <li>{t('calendar.howOutlook')}</li>
            </ul>
          </details>
        </div>
      )}
      <div class="row">
        {value.enabled ? (
          <>
            {title !== value.title && <button type="button" class="button button--quiet" disabled={rename.busy} onClick={() => rename.run()}>{t('calendar.rename')}</button>}
            <button type="button" class="button button--quiet" disabled={make.busy} onClick={() => make.run()}>{t('calendar.newAddress')}</button>
            <button type="button" class="button button--quiet" disabled={revoke.busy} onClick={() => revoke.run()}>{t('calendar.revoke')}</button>
          </>
        ) : (
          <button type="button" class="button" disabled={make.busy} onClick={() => make.run()}>{t('calendar.make')}</button>
        )}
      </div>
      {value.enabled && !value.url && <p class="muted">{t('calendar.active')}</p>}
      <Privacy>{t('calendar.privacy')}</Privacy>
      {error && <Notice kind="error">{error}</Notice>}
    </div>
  );
}
