// Home: always says what to do next (invite, take the check, today's question), joins
// the partner in one step from an invite link, and marks the moment two people connect.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { User } from '../../api/accounts';
import { ApiError } from '../../api/client';
import { createInvite, getCouple, joinCouple, partnerName, type Couple, type Invite } from '../../api/couples';
import { getDaily, type DailyDay } from '../../api/daily';
import { coupleView } from '../../api/triangle';
import { formatDate, t } from '../../i18n';
import { Card, LoadError, Moment, Notice, Privacy, Skeleton, TextField, useAction } from '../../ui/components';
import { Icon } from '../../ui/icons';
import { useLiveReload } from '../../realtime/live';
import { DailyCard } from '../daily/Daily';
import { TonightOnHome } from '../together/Home';

type Loaded<T> = T | undefined | ApiError;

// Invite codes already tried on the way in (at sign-up or sign-in) and why they failed:
// home shows the reason instead of trying the code again.
const failedJoins = new Map<string, ApiError>();
export function joinFailed(code: string, error: unknown): void {
  failedJoins.set(code, error instanceof ApiError ? error : new ApiError(0, t('error.generic')));
}

export function Home({ user, joinCode, connectedWith }: { user: User; joinCode?: string; connectedWith?: string | null }) {
  const [couple, setCouple] = useState<Loaded<Couple | null>>(undefined);
  const [connected, setConnected] = useState(!!connectedWith);
  const load = () => getCouple().then(setCouple, (e: ApiError) => setCouple(e));
  useEffect(() => { void load(); }, []);

  const joined = (c: Couple) => {
    setCouple(c);
    setConnected(true);
    if (location.search.includes('join=')) history.replaceState(null, '', '/home');
  };

  return (
    <main id="main">
      <h1>{t('home.hello', { name: user.display_name })}</h1>
      {couple instanceof ApiError ? <LoadError error={couple} retry={load} /> : couple === undefined ? <Skeleton lines={3} /> : couple ? (
        <>
          {connected && <Moment title={t('home.connectedTitle', { name: partnerOf(couple) })}>{t('home.connectedBody')}</Moment>}
          <NextStep couple={couple}>
            <Together couple={couple} />
            <TonightOnHome partner={partnerOf(couple)} />
          </NextStep>
        </>
      ) : (
        <NotYetTogether onJoined={joined} initialCode={joinCode} />
      )}
    </main>
  );
}

const partnerOf = (c: Couple) => partnerName(c) ?? t('partner.fallback');

// The one suggestion at the top of home: the check if not taken yet, else today's
// question (the card itself is marked as the next step), else something to do together.
// Today's question is always on home.
// `children` come after it, drawn together with it (nothing shifts as parts arrive).
function NextStep({ couple, children }: { couple: Couple; children?: ComponentChildren }) {
  const partner = partnerOf(couple);
  const [tookCheck, setTookCheck] = useState<boolean | undefined>(undefined);
  const [day, setDay] = useState<DailyDay | undefined>(undefined);
  const [dayLoaded, setDayLoaded] = useState(false);
  // Both answers first, then one drawing: nothing shifts as the parts arrive.
  useEffect(() => {
    coupleView().then((v) => setTookCheck(v.mine.real !== null), () => setTookCheck(true));
    getDaily().then(setDay, () => {}).finally(() => setDayLoaded(true));
  }, []);
  if (tookCheck === undefined || !dayLoaded) return <Skeleton lines={4} />;
  const dailyIsNext = tookCheck === true && day !== undefined && day.mine === null;
  let step: { title: string; body: string; href: string; action: string } | null = null;
  if (tookCheck === false) step = { title: t('next.checkTitle'), body: t('next.checkBody'), href: '/me/check', action: t('next.checkAction') };
  else if (tookCheck && day && day.mine !== null && !day.revealed)
    step = { title: t('next.waitingTitle', { name: partner }), body: t('next.waitingBody'), href: '/connect/desires/mark', action: t('next.waitingAction') };
  else if (tookCheck && day?.revealed)
    step = { title: t('next.togetherTitle'), body: t('next.togetherBody'), href: '/connect/conversations', action: t('next.togetherAction') };
  return (
    <>
      {step && (
        <section class="next" aria-labelledby="next-title" data-testid="next-step">
          <p class="next__label">{t('next.label')}</p>
          <h2 id="next-title">{step.title}</h2>
          <p>{step.body}</p>
          <a class="button" href={step.href}>{step.action}</a>
        </section>
      )}
      <DailyCard compact partnerName={partner} highlight={dailyIsNext} onDay={setDay} initial={day} />
      {children}
    </>
  );
}

function Together({ couple }: { couple: Couple }) {
  const partner = partnerOf(couple);
  return (
    <Card title={t('home.togetherTitle')} id="couple-title">
      <p class="partner" data-testid="partner-name">
        <span class="avatar" aria-hidden="true">{partner.slice(0, 1).toUpperCase()}</span>
        <span>
          <strong>{partner}</strong>
          <br />
          <span class="muted">{t('home.since', { date: formatDate(couple.since) })}</span>
        </span>
      </p>
      <Privacy>{t('home.privacy')}</Privacy>
    </Card>
  );
}

function NotYetTogether({ onJoined, initialCode }: { onJoined: (c: Couple) => void; initialCode?: string }) {
  const [invite, setInvite] = useState<Invite | null>(null);
  const [code, setCode] = useState(initialCode ?? '');
  const [copied, setCopied] = useState(false);
  const inviting = useAction(async () => setInvite(await createInvite()));
  const joining = useAction(async (c: string) => onJoined(await joinCouple(c)));
  const tried = useRef(false);
  const earlier = initialCode ? failedJoins.get(initialCode) : undefined;

  // Arrived from an invite link: join at once, no extra tap.
  useEffect(() => {
    if (initialCode && !tried.current && !earlier) {
      tried.current = true;
      void joining.run(initialCode);
    }
  }, [initialCode]);
  // The partner used this person's code: the live connection closes with "couple
  // changed"; read the couple again and celebrate.
  useLiveReload(() => {
    getCouple().then((c) => { if (c) onJoined(c); }, () => {});
  });

  const link = invite ? location.origin + invite.link : '';
  const canShare = typeof navigator.share === 'function';
  async function share() {
    if (!invite) return;
    if (canShare) {
      try {
        await navigator.share({ title: 'rekindle', text: t('invite.shareText', { code: invite.code }), url: link });
        return;
      } catch {
        /* dismissed: fall through to copying */
      }
    }
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  if (initialCode && joining.busy) return <Skeleton lines={2} label={t('invite.joining')} />;

  return (
    <>
      <section class="next" aria-labelledby="next-title" data-testid="next-step">
        <p class="next__label">{t('next.label')}</p>
        <h2 id="next-title">{t('invite.title')}</h2>
        <p>{t('invite.body')}</p>
        {inviting.error && <Notice kind="error">{inviting.error.detail}</Notice>}
        {invite ? (
          <div class="invite">
            <p class="invite__code" data-testid="invite-code">
              <span class="sr-only">{t('invite.codeLabel')} </span>
              <span aria-hidden="true">{invite.code}</span>
              <span class="sr-only">{invite.code.split('').join(' ')}</span>
            </p>
            <p class="muted">{t('invite.validUntil', { date: formatDate(invite.expires_at, { time: true }) })}</p>
            <button type="button" class="button" onClick={share}>
              <Icon name={canShare ? 'share' : 'copy'} />
              {copied ? t('invite.copied') : canShare ? t('invite.share') : t('invite.copy')}
            </button>
            <p class="muted small" aria-live="polite">{t('invite.waiting')}</p>
          </div>
        ) : (
          <button type="button" class="button" disabled={inviting.busy} onClick={() => inviting.run()}>{t('invite.make')}</button>
        )}
      </section>
      <Card title={t('join.title')} id="join-title">
        <form onSubmit={(e) => { e.preventDefault(); void joining.run(code); }} noValidate>
          {(joining.generalError || (earlier && !joining.error)) && <Notice kind="error">{joining.generalError ?? earlier!.detail}</Notice>}
          <TextField id="code" label={t('join.label')} hint={t('join.hint')} value={code}
            onInput={setCode} autocomplete="off" maxLength={32} error={joining.error?.fieldMessage('code')} />
          <button type="submit" class="button button--quiet" disabled={joining.busy || code.trim() === ''}>{joining.busy ? t('join.busy') : t('join.action')}</button>
        </form>
      </Card>
    </>
  );
}
