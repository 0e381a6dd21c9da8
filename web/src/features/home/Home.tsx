import { useEffect, useState } from 'preact/hooks';
import type { User } from '../../api/accounts';
import { ApiError } from '../../api/client';
import { createInvite, getCouple, joinCouple, type Couple, type Invite } from '../../api/couples';
import { Card, Notice, Privacy, TextField } from '../../ui/components';

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
  const [inviteError, setInviteError] = useState<string | null>(null);
  const [code, setCode] = useState(initialCode ?? '');
  const [joinError, setJoinError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);

  async function makeInvite() {
    setInviteError(null);
    try {
      setInvite(await createInvite());
    } catch (e) {
      setInviteError((e as ApiError).detail);
    }
  }

  async function join(e: Event) {
    e.preventDefault();
    setBusy(true);
    setJoinError(null);
    try {
      onJoined(await joinCouple(code));
    } catch (err) {
      setJoinError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

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
        {inviteError && <Notice kind="error">{inviteError}</Notice>}
        {invite ? (
          <div class="invite">
            <p class="invite__code" data-testid="invite-code" aria-label={`Invite code ${invite.code.split('').join(' ')}`}>
              {invite.code}
            </p>
            <p class="muted">Works once, until {formatDate(invite.expires_at, true)}.</p>
            <button type="button" class="button button--quiet" onClick={copyLink}>{copied ? 'Link copied' : 'Copy invite link'}</button>
          </div>
        ) : (
          <button type="button" class="button" onClick={makeInvite}>Make an invite code</button>
        )}
      </Card>
      <Card title="Have a code?" id="join-title">
        <form onSubmit={join} noValidate>
          {joinError && joinError.fields.length === 0 && <Notice kind="error">{joinError.detail}</Notice>}
          <TextField id="code" label="Your partner's invite code" hint="Eight letters and numbers, like K7QX-3MPD." value={code}
            onInput={setCode} autocomplete="off" maxLength={32} error={joinError?.fieldMessage('code')} />
          <button type="submit" class="button" disabled={busy || code.trim() === ''}>{busy ? 'Joining…' : 'Join my partner'}</button>
        </form>
      </Card>
    </>
  );
}
