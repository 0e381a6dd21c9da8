// Removing a person's lost second factor: for someone who has lost both their
// authenticator app and their recovery codes, after the operator has made sure, in a
// way they trust, that it is them asking. Asks once before it acts, and says what follows.
import { useState } from 'preact/hooks';
import { LIMITS, resetSecondFactor } from '../../api/operator';
import { t } from '../../i18n';
import { Card, Notice, TextField, useAction } from '../../ui/components';
import { Frame } from './Operator';

export function ResetSecondFactor() {
  const [email, setEmail] = useState('');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const reset = useAction(async () => {
    await resetSecondFactor(email.trim(), reason.trim());
    setDone(email.trim());
    setEmail('');
    setReason('');
    setConfirming(false);
    return true;
  });
  const error = reset.error;
  const reasonError = error?.fieldMessage('reason');
  // The first press asks; the second acts. When it fails, the form is back to its fields,
  // with what went wrong beside the field or above the button.
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!confirming) {
      setDone(null);
      setConfirming(true);
      return;
    }
    if (!(await reset.run())) setConfirming(false);
  };
  return (
    <Frame title={t('operator.resetTitle')} tab="/operator/second-factor">
      <p class="lead-small">{t('operator.resetLead')}</p>
      <Card>
        {done && <Notice kind="success">{t('operator.resetDone', { email: done })}</Notice>}
        <form onSubmit={submit} noValidate>
          <TextField id="reset-email" type="email" label={t('operator.resetEmail')} value={email} onInput={(v) => { setEmail(v); setConfirming(false); }}
            autocomplete="off" error={error?.fieldMessage('email')} />
          <div class={`field${reasonError ? ' field--error' : ''}`}>
            <label for="reset-reason">{t('operator.resetReason')}</label>
            <p class="hint" id="reset-reason-hint">{t('operator.resetReasonHint')}</p>
            <textarea id="reset-reason" rows={3} maxLength={LIMITS.reason} value={reason} aria-invalid={reasonError ? 'true' : undefined}
              aria-describedby={`reset-reason-hint${reasonError ? ' reset-reason-error' : ''}`}
              onInput={(e) => { setReason((e.target as HTMLTextAreaElement).value); setConfirming(false); }} />
            {reasonError && <p class="error" id="reset-reason-error" role="alert">{reasonError}</p>}
          </div>
          {reset.generalError && <Notice kind="error">{reset.generalError}</Notice>}
          {confirming ? (
            <div class="confirm" role="group" aria-label={t('operator.resetConfirmLabel')}>
              <p>{t('operator.resetQuestion', { email: email.trim() })}</p>
              <button type="submit" class="button button--danger" disabled={reset.busy}>{t('operator.resetAction')}</button>
              <button type="button" class="button button--quiet" onClick={() => setConfirming(false)}>{t('operator.cancel')}</button>
            </div>
          ) : (
            <button type="submit" class="button" disabled={email.trim() === '' || reason.trim() === ''}>{t('operator.resetStart')}</button>
          )}
        </form>
      </Card>
    </Frame>
  );
}
