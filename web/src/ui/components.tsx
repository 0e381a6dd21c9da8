// Small, accessible building blocks: every field has a label, an optional hint and its
// error next to it, wired with aria-describedby; nothing typed is lost on an error.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState, type MutableRef } from 'preact/hooks';
import { ApiError, retryNow } from '../api/client';
import { t } from '../i18n';
import { Icon, type IconName } from './icons';
import { quickExit } from './quickExit';

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: string;
  hint?: ComponentChildren;
  error?: string;
  autocomplete?: string;
  required?: boolean;
  inputMode?: JSX.HTMLAttributes<HTMLInputElement>['inputMode'];
  maxLength?: number;
  rows?: number; // a field of several lines (a textarea)
  note?: string; // under the control: what was typed reads as ("Germany" for DE)
}

// The ids that describe a control: its hint, note and error, when there are any.
const describedBy = (id: string, hint: unknown, error: unknown, note?: unknown) =>
  [hint ? `${id}-hint` : '', note ? `${id}-note` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

// One field's frame: its label, hint, note and error around the control.
function Field({ id, label, hint, note, error, children }: {
  id: string; label: string; hint?: ComponentChildren; note?: string; error?: string; children: ComponentChildren;
}) {
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{label}</label>
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {children}
      {note && <p class="hint field__note" id={`${id}-note`}>{note}</p>}
      {error && <p class="error" id={`${id}-error`} role="alert">{error}</p>}
    </div>
  );
}

// A button drawn as an icon alone (remove, close): its label is for screen readers.
export function IconButton({ icon, label, onClick }: { icon: IconName; label: string; onClick: () => void }) {
  return (
    <button type="button" class="icon-button" aria-label={label} title={label} onClick={onClick}>
      <Icon name={icon} />
    </button>
  );
}

export function TextField(p: FieldProps) {
  const common = {
    id: p.id,
    name: p.id,
    value: p.value,
    required: p.required,
    maxLength: p.maxLength,
    'aria-invalid': p.error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(p.id, p.hint, p.error, p.note),
  };
  return (
    <Field id={p.id} label={p.label} hint={p.hint} note={p.note} error={p.error}>
      {p.rows ? (
        <textarea {...common} rows={p.rows} onInput={(e) => p.onInput((e.target as HTMLTextAreaElement).value)} />
      ) : (
        <input {...common} type={p.type ?? 'text'} autocomplete={p.autocomplete} inputMode={p.inputMode}
          onInput={(e) => p.onInput((e.target as HTMLInputElement).value)} />
      )}
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(p: { id: string; label: string; value: string; options: Option[]; onChange: (value: string) => void; hint?: ComponentChildren; error?: string }) {
  return (
    <Field id={p.id} label={p.label} hint={p.hint} error={p.error}>
      <select id={p.id} name={p.id} value={p.value} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy(p.id, p.hint, p.error)}
        onChange={(e) => p.onChange((e.target as HTMLSelectElement).value)}>
        {p.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </Field>
  );
}

// Several of a list (checkboxes in a fieldset), the legend naming the list.
export function ChoiceList(p: {
  id: string; legend: string; options: Option[]; chosen: string[]; onChange: (chosen: string[]) => void; hint?: ComponentChildren; error?: string;
  compact?: boolean; // short words: more to a row
}) {
  const toggle = (value: string, on: boolean) => p.onChange(on ? [...p.chosen, value] : p.chosen.filter((v) => v !== value));
  return (
    <fieldset id={p.id} class={`checks${p.error ? ' checks--error' : ''}`} aria-describedby={describedBy(p.id, p.hint, p.error)}>
      <legend>{p.legend}</legend>
      {p.hint && <p class="hint" id={`${p.id}-hint`}>{p.hint}</p>}
      <div class={`checks__list${p.compact ? ' checks__list--compact' : ''}`}>
        {p.options.map((o) => (
          <label key={o.value} class="check-option">
            <input type="checkbox" name={p.id} value={o.value} checked={p.chosen.includes(o.value)}
              onChange={(e) => toggle(o.value, (e.target as HTMLInputElement).checked)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {p.error && <p class="error" id={`${p.id}-error`} role="alert">{p.error}</p>}
    </fieldset>
  );
}

export function PasswordField(p: Omit<FieldProps, 'type'>) {
  const [shown, setShown] = useState(false);
  return (
    <div class="password">
      <TextField {...p} type={shown ? 'text' : 'password'} />
      <button type="button" class="link-button show-password" aria-pressed={shown} onClick={() => setShown(!shown)}>
        {shown ? t('password.hide') : t('password.show')}
      </button>
    </div>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'error' | 'success'; children: ComponentChildren }) {
  return (
    <div class={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Privacy({ children }: { children: ComponentChildren }) {
  return (
    <p class="privacy">
      <svg class="privacy__icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
        <path fill="currentColor" d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 0 0-4 0v2z" />
      </svg>
      {children}
    </p>
  );
}

export function QuickExitButton() {
  return (
    <button type="button" class="quick-exit" onClick={quickExit} title={t('quickExit.hint')}>
      <Icon name="exit" />
      {t('quickExit.label')}
    </button>
  );
}

// A way back to the page this one belongs to, above its heading.
export function BackLink({ href, label }: { href: string; label: string }) {
  return <p><a href={href} class="back-link"><Icon name="back" size={18} />{label}</a></p>;
}

export function Card({ title, children, id }: { title?: string; children: ComponentChildren; id?: string }) {
  return (
    <section class="card" aria-labelledby={title && id ? id : undefined}>
      {title && <h2 id={id}>{title}</h2>}
      {children}
    </section>
  );
}

// Runs an API action for a form or button: tracks busy, keeps the last ApiError, and
// prevents the form's default submission. `run` resolves to the result, or undefined
// when the action failed.
export function useAction<A extends unknown[], T>(action: (...args: A) => Promise<T>) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(...args: A): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    try {
      return await action(...args);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, t('error.generic')));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  const submit = (e: Event) => {
    e.preventDefault();
    void run(...([] as unknown as A));
  };
  return { run, submit, error, busy, generalError: error && error.fields.length === 0 ? error.detail : null };
}

// After a form is refused, its first field with something to fix takes the focus (so it
// is scrolled to and read out): on an error from the server that names fields, or on
// `local` problems found before sending (a new object at each try).
export function useFocusOnError(form: MutableRef<HTMLFormElement | null>, busy: boolean, error: ApiError | null, local: object) {
  useEffect(() => {
    if (busy || (!error?.fields.length && !Object.keys(local).length)) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"], .checks--error input, .checks--error select')?.focus();
  }, [busy, error, local]);
}

// An on/off switch that saves through `save`: it moves at once, and moves back (with
// the error shown) only if saving fails. A button with role="switch", drawn as a track
// and a thumb, with its state in words beside it.
// A controlled on/off switch (a button with role="switch"), for a choice that is saved
// with its form.
export function Toggle({ label, checked, onChange, id }: { label: string; checked: boolean; onChange: (on: boolean) => void; id: string }) {
  return (
    <div class="switch-row">
      <span class="switch-row__text"><span id={id} class="switch-row__label">{label}</span></span>
      <button type="button" role="switch" class="switch" aria-checked={checked} aria-labelledby={id} onClick={() => onChange(!checked)}>
        <span class="switch__thumb" aria-hidden="true" />
      </button>
      <span class="switch-row__state" aria-hidden="true">{checked ? t('switch.on') : t('switch.off')}</span>
    </div>
  );
}

export function Switch({ label, checked, save, hint }: { label: string; checked: boolean; save: (on: boolean) => Promise<unknown>; hint?: string }) {
  const [on, setOn] = useState(checked);
  const id = `switch-${label.replace(/\W+/g, '-').toLowerCase()}`;
  const action = useAction(async (value: boolean) => {
    setOn(value);
    try {
      await save(value);
    } catch (err) {
      setOn(!value);
      throw err;
    }
  });
  return (
    <div class="switch-row">
      <span class="switch-row__text">
        <span id={id} class="switch-row__label">{label}</span>
        {hint && <span class="hint" id={`${id}-hint`}>{hint}</span>}
      </span>
      <button type="button" role="switch" class="switch" aria-checked={on} aria-labelledby={id}
        aria-describedby={hint ? `${id}-hint` : undefined} disabled={action.busy} onClick={() => action.run(!on)}>
        <span class="switch__thumb" aria-hidden="true" />
      </button>
      <span class="switch-row__state" aria-hidden="true">{on ? t('switch.on') : t('switch.off')}</span>
      {action.error && <Notice kind="error">{action.error.detail}</Notice>}
    </div>
  );
}

// Placeholder blocks while something loads: the page keeps its shape (no layout shift).
export function Skeleton({ lines = 2, label }: { lines?: number; label?: string }) {
  return (
    <div class="skeleton-block" aria-busy="true" role="status" aria-label={label ?? t('loading')}>
      {Array.from({ length: lines }, (_, i) => <div key={i} class={`skeleton${i === 0 ? ' skeleton--title' : ''}`} />)}
    </div>
  );
}

// Something could not be loaded: says why (offline or the server's problem) with a way
// to try again — never an empty state.
export function LoadError({ error, retry }: { error: ApiError; retry?: () => void }) {
  return (
    <div class="notice notice--error" role="alert" data-testid="load-error">
      <p>{error.offline ? t('error.offlineLoad') : error.detail}</p>
      {retry && (
        <button type="button" class="button button--quiet" onClick={() => { retryNow(); retry(); }}>{t('offline.retry')}</button>
      )}
    </div>
  );
}

// A moment worth marking (connected, both answered, a match, a finished conversation).
export function Moment({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <section class="moment" role="status" data-testid="moment">
      <Icon name="sparkle" size={32} />
      <div>
        <h2 class="moment__title">{title}</h2>
        {children && <p>{children}</p>}
      </div>
    </section>
  );
}
