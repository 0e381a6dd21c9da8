// The therapist's weekly hours, in their own time zone: windows on each weekday in steps
// of 15 minutes, and days off. Checked here (a start before its end, no overlaps) and by
// the server; each problem is shown at the day or the window it is about.
import { useRef, useState } from 'preact/hooks';
import { LIMITS, MINUTE_STEP, saveAvailability, type Hours, type Profile } from '../../api/therapists';
import { formatCalendarDay, formatMinuteOfDay, formatWeekday, t } from '../../i18n';
import { Card, IconButton, Notice, SelectField, useAction, useFocusOnError } from '../../ui/components';

const DAY = 24 * 60;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
// 1 January 2024 was a Monday: weekday w is that day plus w - 1.
const weekdayName = (w: number) => formatWeekday(new Date(Date.UTC(2024, 0, w, 12)), 'long', 'UTC');

interface Window extends Hours {
  key: number; // for the list only
}

const steps = (from: number, to: number) => Array.from({ length: (to - from) / MINUTE_STEP + 1 }, (_, i) => from + i * MINUTE_STEP);
const timeLabel = (m: number) => (m === DAY ? t('hours.endOfDay') : formatMinuteOfDay(m));
const START_OPTIONS = () => steps(0, DAY - MINUTE_STEP).map((m) => ({ value: String(m), label: timeLabel(m) }));
const END_OPTIONS = () => steps(MINUTE_STEP, DAY).map((m) => ({ value: String(m), label: timeLabel(m) }));

// What is wrong, by window key ("w3") or weekday ("d2"): an end not after its start, or
// windows on one day that overlap.
function check(windows: Window[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const w of windows) if (w.end_minute <= w.start_minute) errors[`w${w.key}`] = t('hours.endBeforeStart');
  for (const day of WEEKDAYS) {
    const list = windows.filter((w) => w.weekday === day).sort((a, b) => a.start_minute - b.start_minute);
    if (list.some((w, i) => i > 0 && w.start_minute < list[i - 1].end_minute)) errors[`d${day}`] = t('hours.overlap');
  }
  return errors;
}

export function HoursPage({ profile, onProfile }: { profile: Profile; onProfile: (p: Profile) => void }) {
  const next = useRef(0);
  const keyed = (h: Hours): Window => ({ ...h, key: next.current++ });
  const [windows, setWindows] = useState<Window[]>(() => profile.hours.map(keyed));
  const [daysOff, setDaysOff] = useState<string[]>(profile.days_off);
  const [day, setDay] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  // The windows as sent, in the order shown, so that the server's "hours[3]" names one.
  const ordered = WEEKDAYS.flatMap((d) => windows.filter((w) => w.weekday === d));
  const action = useAction(async () => {
    setSaved(false);
    const errors = check(windows);
    setLocal(errors);
    if (Object.keys(errors).length) return;
    onProfile(await saveAvailability(ordered.map(({ weekday, start_minute, end_minute }) => ({ weekday, start_minute, end_minute })), daysOff));
    setSaved(true);
  });
  const form = useRef<HTMLFormElement>(null);
  useFocusOnError(form, action.busy, action.error, local);
  const serverError = (field: string) => action.error?.fieldMessage(field);
  const windowError = (w: Window) => local[`w${w.key}`] ?? serverError(`hours[${ordered.indexOf(w)}]`);

  const change = (key: number, part: 'start_minute' | 'end_minute', value: string) =>
    setWindows((list) => list.map((w) => (w.key === key ? { ...w, [part]: Number(value) } : w)));
  function add(weekday: number) {
    const last = windows.filter((w) => w.weekday === weekday).reduce((end, w) => Math.max(end, w.end_minute), -1);
    const start = last < 0 ? 9 * 60 : last;
    setWindows([...windows, keyed({ weekday, start_minute: start, end_minute: last < 0 ? 17 * 60 : Math.min(start + 60, DAY) })]);
  }
  function addDayOff() {
    if (day && !daysOff.includes(day)) setDaysOff([...daysOff, day].sort());
    setDay('');
  }

  return (
    <form ref={form} noValidate onSubmit={action.submit} class="practice-form">
      <Card title={t('hours.weekTitle')} id="week-title">
        <p>{t('hours.zone', { zone: profile.time_zone })} <a href="/practice">{t('hours.changeZone')}</a></p>
        {WEEKDAYS.map((d) => {
          const list = windows.filter((w) => w.weekday === d);
          const name = weekdayName(d);
          const dayError = local[`d${d}`];
          const full = list.some((w) => w.end_minute === DAY) || windows.length >= LIMITS.hours;
          return (
            <fieldset key={d} class={`weekday${dayError ? ' checks--error' : ''}`} aria-describedby={dayError ? `day-${d}-error` : undefined}>
              <legend>{name}</legend>
              {list.length === 0 && <p class="muted weekday__none">{t('hours.none')}</p>}
              {list.map((w, i) => {
                const error = windowError(w);
                const id = `hours-${d}-${i}`;
                return (
                  <div key={w.key} class="window" role="group" aria-label={t('hours.windowLabel', { day: name, n: i + 1 })}>
                    <SelectField id={`${id}-start`} label={t('hours.from')} value={String(w.start_minute)} options={START_OPTIONS()}
                      onChange={(v) => change(w.key, 'start_minute', v)} />
                    <SelectField id={`${id}-end`} label={t('hours.until')} value={String(w.end_minute)} options={END_OPTIONS()}
                      onChange={(v) => change(w.key, 'end_minute', v)} error={error} />
                    <IconButton icon="close" label={t('hours.removeLabel', { day: name, n: i + 1 })}
                      onClick={() => setWindows(windows.filter((x) => x.key !== w.key))} />
                  </div>
                );
              })}
              <button type="button" class="button button--quiet" disabled={full} onClick={() => add(d)}
                aria-label={t('hours.addLabel', { day: name })}>{t('hours.add')}</button>
              {dayError && <p class="error" id={`day-${d}-error`} role="alert">{dayError}</p>}
            </fieldset>
          );
        })}
        {serverError('hours') && <Notice kind="error">{serverError('hours')}</Notice>}
      </Card>

      <Card title={t('hours.daysOffTitle')} id="days-off-title">
        <p class="hint">{t('hours.daysOffHint')}</p>
        {daysOff.length > 0 ? (
          <ul class="days-off">
            {daysOff.map((d) => (
              <li key={d}>
                <span>{formatCalendarDay(d)}</span>
                <button type="button" class="link-button" aria-label={t('hours.removeDayOff', { day: formatCalendarDay(d) })}
                  onClick={() => setDaysOff(daysOff.filter((x) => x !== d))}>{t('practice.remove')}</button>
              </li>
            ))}
          </ul>
        ) : <p class="muted">{t('hours.noDaysOff')}</p>}
        <div class={`field${serverError('days_off') ? ' field--error' : ''}`}>
          <label for="day-off">{t('hours.dayOff')}</label>
          <input id="day-off" type="date" value={day} aria-invalid={serverError('days_off') ? 'true' : undefined}
            aria-describedby={serverError('days_off') ? 'day-off-error' : undefined}
            onInput={(e) => setDay((e.target as HTMLInputElement).value)}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); addDayOff(); } }} />
          {serverError('days_off') && <p class="error" id="day-off-error" role="alert">{serverError('days_off')}</p>}
        </div>
        <button type="button" class="button button--quiet" disabled={!day} onClick={addDayOff}>{t('hours.addDayOff')}</button>
      </Card>

      <div class="practice-form__actions">
        {saved && <Notice kind="success">{t('hours.saved')}</Notice>}
        {action.generalError && <Notice kind="error">{action.generalError}</Notice>}
        {Object.keys(local).length > 0 && <Notice kind="error">{t('practice.fixFields')}</Notice>}
        <button type="submit" class="button" disabled={action.busy}>{t('hours.save')}</button>
      </div>
    </form>
  );
}
