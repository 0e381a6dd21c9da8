// Settings: the second factor. Turning it on takes the password, a scan (or the key
// typed in) and a code; the recovery codes are then shown once. A therapist's or an
// operator's account needs it, so for them it cannot be turned off.
import { useEffect, useState } from 'preact/hooks';
import {
  confirmSecondFactor, getSecondFactor, renewRecoveryCodes, startSecondFactor, turnOffSecondFactor, type SecondFactorState,
} from '../../api/accounts';
import { t } from '../../i18n';
import { Card, Notice, PasswordField, TextField, useAction } from '../../ui/components';
import { QrCode } from '../../ui/QrCode';

type Step =
  | { kind: 'idle' }
  | { kind: 'password' }
  | { kind: 'scan'; secret: string; uri: string }
  | { kind: 'codes'; codes: string[] }
  | { kind: 'renew' }
  | { kind: 'off' };

// `reason`: why this account needs it, said in place of the general line.
export function SecondFactor({ onState, reason }: { onState?: (s: SecondFactorState) => void; reason?: string } = {}) {
  const [state, setState] = useState<SecondFactorState | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const reload = () => getSecondFactor().then((s) => { setState(s); onState?.(s); }, () => setState(null));
  useEffect(() => { void reload(); }, []);
  if (!state) return null;

  return (
    <Card title={t('mfa.title')} id="mfa-title">
      {step.kind === 'codes' ? (
        <RecoveryCodes codes={step.codes} onDone={() => { setStep({ kind: 'idle' }); void reload(); }} />
      ) : step.kind === 'scan' ? (
        <Scan secret={step.secret} uri={step.uri} onCodes={(codes) => setStep({ kind: 'codes', codes })} onCancel={() => setStep({ kind: 'idle' })} />
      ) : step.kind === 'password' ? (
        <PasswordStep id="mfa_password" action={t('mfa.continue')} onCancel={() => setStep({ kind: 'idle' })}
          run={async (password) => { const s = await startSecondFactor(password); setStep({ kind: 'scan', ...s }); }} />
      ) : step.kind === 'off' ? (
        <PasswordStep id="mfa_off_password" action={t('mfa.turnOff')} danger onCancel={() => setStep({ kind: 'idle' })}
          run={async (password) => { await turnOffSecondFactor(password); setStep({ kind: 'idle' }); await reload(); }} />
      ) : step.kind === 'renew' ? (
        <Renew onCodes={(codes) => setStep({ kind: 'codes', codes })} onCancel={() => setStep({ kind: 'idle' })} />
      ) : state.enabled ? (
        <>
          <p>{t('mfa.on')}</p>
          <p class="muted">{t('mfa.codesLeft', { count: state.recovery_codes_left })}</p>
          <button type="button" class="button button--quiet" onClick={() => setStep({ kind: 'renew' })}>{t('mfa.renew')}</button>
          {state.required
            ? <p class="hint">{t('mfa.requiredOn')}</p>
            : <button type="button" class="button button--quiet" onClick={() => setStep({ kind: 'off' })}>{t('mfa.turnOffStart')}</button>}
        </>
      ) : (
        <>
          {reason ? <Notice>{reason}</Notice> : state.required ? <Notice kind="error">{t('mfa.required')}</Notice> : <p>{t('mfa.intro')}</p>}
          <button type="button" class="button" onClick={() => setStep({ kind: 'password' })}>{t('mfa.turnOn')}</button>
        </>
      )}
    </Card>
  );
}

function PasswordStep({ id, action, danger, run, onCancel }: {
  id: string; action: string; danger?: boolean; run: (password: string) => Promise<void>; onCancel: () => void;
}) {
  const [password, setPassword] = useState('');
  const act = useAction(() => run(password));
  return (
    <form onSubmit={act.submit} noValidate>
      {act.generalError && <Notice kind="error">{act.generalError}</Notice>}
      <PasswordField id={id} label={t('mfa.password')} autocomplete="current-password" value={password} onInput={setPassword}
        error={act.error?.fieldMessage('password')} />
      <button class={`button${danger ? ' button--danger' : ''}`} type="submit" disabled={act.busy}>{action}</button>
      <button type="button" class="button button--quiet" onClick={onCancel}>{t('settings.cancel')}</button>
    </form>
  );
}

function Scan({ secret, uri, onCodes, onCancel }: { secret: string; uri: string; onCodes: (codes: string[]) => void; onCancel: () => void }) {
  const [code, setCode] = useState('');
  const act = useAction(async () => onCodes((await confirmSecondFactor(code)).recovery_codes));
  return (
    <form onSubmit={act.submit} noValidate>
      <p>{t('mfa.scan')}</p>
      <QrCode text={uri} label={t('mfa.qrLabel')} />
      <p class="hint">{t('mfa.typeKey')}</p>
      <p><code class="secret" aria-label={t('mfa.keyLabel')}>{secret.match(/.{1,4}/g)?.join(' ')}</code></p>
      {act.generalError && <Notice kind="error">{act.generalError}</Notice>}
      <TextField id="mfa_code" label={t('mfa.code')} autocomplete="one-time-code" inputMode="numeric" maxLength={12} value={code}
        onInput={setCode} error={act.error?.fieldMessage('code')} />
      <button class="button" type="submit" disabled={act.busy}>{t('mfa.confirm')}</button>
      <button type="button" class="button button--quiet" onClick={onCancel}>{t('settings.cancel')}</button>
    </form>
  );
}

function Renew({ onCodes, onCancel }: { onCodes: (codes: string[]) => void; onCancel: () => void }) {
  const [code, setCode] = useState('');
  const act = useAction(async () => onCodes((await renewRecoveryCodes(code)).recovery_codes));
  return (
    <form onSubmit={act.submit} noValidate>
      <p>{t('mfa.renewIntro')}</p>
      {act.generalError && <Notice kind="error">{act.generalError}</Notice>}
      <TextField id="mfa_renew_code" label={t('mfa.code')} autocomplete="one-time-code" inputMode="numeric" maxLength={12} value={code}
        onInput={setCode} error={act.error?.fieldMessage('code')} />
      <button class="button" type="submit" disabled={act.busy}>{t('mfa.renew')}</button>
      <button type="button" class="button button--quiet" onClick={onCancel}>{t('settings.cancel')}</button>
    </form>
  );
}

// Shown once: the person keeps them (a copy to the clipboard, or written down).
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div>
      <Notice kind="success">{t('mfa.done')}</Notice>
      <p>{t('mfa.codesIntro')}</p>
      <ul class="recovery-codes" aria-label={t('mfa.codesLabel')}>
        {codes.map((c) => <li key={c}><code>{c}</code></li>)}
      </ul>
      <button type="button" class="button button--quiet"
        onClick={() => navigator.clipboard?.writeText(codes.join('\n')).then(() => setCopied(true), () => setCopied(false))}>
        {copied ? t('mfa.copied') : t('mfa.copy')}
      </button>
      <button type="button" class="button" onClick={onDone}>{t('mfa.saved')}</button>
    </div>
  );
}
