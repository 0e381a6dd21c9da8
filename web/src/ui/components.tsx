// Small, accessible building blocks: every field has a label, an optional hint and its
// error next to it, wired with aria-describedby; nothing typed is lost on an error.
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, retryNow } from '../api/client';
import { t } from '../i18n';
import { Icon } from './icons';
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
}

export function TextField(p: FieldProps) {
  const described = [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${p.error ? ' field--error' : ''}`}>
      <label for={p.id}>{p.label}</label>
      {p.hint && <p class="hint" id={`${p.id}-hint`}>{p.hint}</p>}
      <input
        id={p.id}
        name={p.id}
        type={p.type ?? 'text'}
        value={p.value}
        onInput={(e) => p.onInput((e.target as HTMLInputElement).value)}
        autocomplete={p.autocomplete}
        required={p.required}
        inputMode={p.inputMode}
        maxLength={p.maxLength}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      {p.error && <p class="error" id={`${p.id}-error`} role="alert">{p.error}</p>}
    </div>
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
