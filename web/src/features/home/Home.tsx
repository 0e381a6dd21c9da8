import { useEffect, useState } from 'preact/hooks';
import type { User } from '../../api/accounts';
import type { ApiError } from '../../api/client';
import { createInvite, getCouple, joinCouple, type Couple, type Invite } from '../../api/couples';
import { Card, Notice, Privacy, TextField, useAction } from '../../ui/components';
import { DailyCard } from '../daily/Daily';

function formatDate(iso: string, withTime = false): string {
  const d = new Date(iso);
  return withTime
    ? d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
    : d.toLocaleDateString(undefined, { dateStyle: 'long' });
}

export function Home({ user, joinCode }: { user: User; joinCode?: string }) {
  const [couple, setCouple] = useState<Couple | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    getCouple().then(setCouple, (e: ApiError) => setLoadError(e.detail));
  }, []);

  return (
    <main id="main">
      <h1>Hello, {user.display_name}</h1>
      {loadError && <Notice kind="error">{loadError}</Notice>}
      {couple === undefined && !loadError && <p aria-busy="true">Loading…</p>}
      {couple && <Together couple={couple} />}
      {couple && <DailyCard compact partnerName={couple.partners.find((p) => !p.is_me)?.display_name ?? 'your partner'} />}
      {couple === null && <NotYetTogether onJoined={setCouple} initialCode={joinCode} />}
    </main>
  );
}

function Together({ couple }: { couple: Couple }) {
  const partner = couple.partners.find((p) => !p.is_me);
  return (
    <Card title="You and your partner" id="couple-title">
      <p class="partner" data-testid="partner-name">
        <span class="avatar" aria-hidden="true">{partner?.display_name.slice(0, 1).toUpperCase()}</span>
        <span>
          <strong>{partner?.display_name}</strong>
          <br />
          <span class="muted">Together in rekindle since {formatDate(couple.since)}</span>
        </span>
      </p>
      <Privacy>Your partner sees only what you choose to share, or what you both agree to reveal.</Privacy>
    </Card>
  );
}

function NotYetTogether({ onJoined, initialCode }: { onJoined: (c: Couple) => void; initialCode?: string }) {
  const [invite, setInvite] = useState<Invite | null>(null);
  const [code, setCode] = useState(initialCode ?? '');
  const [copied, setCopied] = useState(false);
  const inviting = useAction(async () => setInvite(await createInvite()));
  const joining = useAction(async () => onJoined(await joinCouple(code)));

  async function copyLink() {
    if (!invite) return;
    try {
      await navigator.clipboard.writeText(location.origin + invite.link);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <>
      <Card title="Invite your partner" id="invite-title">
        <p>rekindle works best with two. Make a code and give it to your partner — read it aloud, or send the link.</p>
        {inviting.error && <Notice kind="error">{inviting.error.detail}</Notice>}
        {invite ? (
          <div class="invite">
            <p class="invite__code" data-testid="invite-code" aria-label={`Invite code ${invite.code.split('').join(' ')}`}>
              {invite.code}
            </p>
            <p class="muted">Works once, until {formatDate(invite.expires_at, true)}.</p>
            <button type="button" class="button button--quiet" onClick={copyLink}>{copied ? 'Link copied' : 'Copy invite link'}</button>
          </div>
        ) : (
          <button type="button" class="button" disabled={inviting.busy} onClick={() => inviting.run()}>Make an invite code</button>
        )}
      </Card>
      <Card title="Have a code?" id="join-title">
        <form onSubmit={joining.submit} noValidate>
          {joining.generalError && <Notice kind="error">{joining.generalError}</Notice>}
          <TextField id="code" label="Your partner's invite code" hint="Eight letters and numbers, like K7QX-3MPD." value={code}
            onInput={setCode} autocomplete="off" maxLength={32} error={joining.error?.fieldMessage('code')} />
          <button type="submit" class="button" disabled={joining.busy || code.trim() === ''}>{joining.busy ? 'Joining…' : 'Join my partner'}</button>
        </form>
      </Card>
    </>
  );
}
