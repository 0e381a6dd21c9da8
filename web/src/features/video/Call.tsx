// A session's video call (/call/:id): for the therapist and the session's partners, in
// its window only (the server decides; this page never reads the clock to know). A
// partner waits until the therapist lets them in; the therapist sees who is waiting.
// Mute, camera off, leave. Media goes browser to browser (mesh.ts); the server relays
// signalling only.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { admitToCall, getCall, joinCall, leaveCall, leaveCallNow, signalOverHttp, type CallState, type VideoCall } from '../../api/video';
import { t } from '../../i18n';
import { sendLive, useLive, useLiveReload } from '../../realtime/live';
import { Card, LoadError, Notice, Skeleton, useAction } from '../../ui/components';
import { navigate } from '../../ui/router';
import { Mesh } from './mesh';

// How often the page re-reads the call besides call.state (ephemeral frames are not
// replayed after a reconnect), and retries a call that is not open.
const REFRESH_MS = 10000;
const RETRY_CLOSED_MS = 30000;

const stateWords = (s: CallState) =>
  s === 'waiting' ? t('call.state.waiting') : s === 'admitted' ? t('call.state.admitted') : s === 'left' ? t('call.state.left') : t('call.state.absent');

type Media = { stream: MediaStream; problem: boolean };

async function localMedia(): Promise<Media> {
  const tries: MediaStreamConstraints[] = [{ audio: true, video: { width: 640, height: 480 } }, { audio: true }];
  for (const c of tries) {
    try {
      return { stream: await navigator.mediaDevices.getUserMedia(c), problem: !c.video };
    } catch {
      // next
    }
  }
  return { stream: new MediaStream(), problem: true };
}

function Video({ stream, muted, label, testid, person }: { stream: MediaStream; muted?: boolean; label: string; testid: string; person?: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream;
  }, [stream]);
  return (
    <figure class="call__tile" data-testid={testid} data-person={person}>
      <video ref={ref} autoplay playsInline muted={muted} aria-label={label} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}

export function CallPage({ id, back }: { id: string; back: string }) {
  const [call, setCall] = useState<VideoCall | ApiError | null>(null);
  const [media, setMedia] = useState<Media | null>(null);
  const [, setTick] = useState(0);
  const [muted, setMuted] = useState(false);
  const [cameraOff, setCameraOff] = useState(false);
  const mesh = useRef<Mesh | null>(null);
  const inbox = useRef<{ from: string; payload: unknown }[]>([]);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const joined = useRef(false);
  const left = useRef(false);
  const meRef = useRef('');

  const apply = (c: VideoCall) => {
    meRef.current = c.participants.find((p) => p.role === 'me')?.id ?? '';
    setCall(c);
    mesh.current?.sync(c);
  };
  const load = async () => {
    try {
      apply(joined.current ? await getCall(id) : await joinCall(id));
      joined.current = true;
    } catch (e) {
      setCall(e as ApiError);
    }
  };

  // Camera and microphone first, then the call: a peer may offer as soon as we are in.
  useEffect(() => {
    let stopped = false;
    void localMedia().then((m) => {
      if (stopped) return m.stream.getTracks().forEach((tr) => tr.stop());
      const send = (to: string, payload: object) => {
        if (!sendLive({ type: 'call.signal', session: id, to, payload })) void signalOverHttp(id, to, payload).catch(() => {});
      };
      mesh.current = new Mesh(() => meRef.current, m.stream, send, () => setTick((n) => n + 1));
      setMedia(m);
      void load();
    });
    return () => {
      stopped = true;
      mesh.current?.close();
      mesh.current = null;
      if (joined.current && !left.current) void leaveCall(id).catch(() => {});
    };
  }, [id]);
  // A tab closed (or the browser quit) mid-call leaves it, so the others do not wait on a
  // picture that will not come back.
  useEffect(() => {
    const gone = () => { if (joined.current && !left.current) leaveCallNow(id); };
    window.addEventListener('pagehide', gone);
    return () => window.removeEventListener('pagehide', gone);
  }, [id]);
  // Stops the camera and microphone when the page goes.
  useEffect(() => () => media?.stream.getTracks().forEach((tr) => tr.stop()), [media]);

  // Who I am in the call, once known (the mesh needs it to decide who offers).
  const me = call && !(call instanceof ApiError) ? call.participants.find((p) => p.role === 'me') : undefined;
  if (me) meRef.current = me.id;

  useLive('call.state', (f) => { if (f.session === id && mesh.current) void load(); }, [id]);
  useLive('call.signal', (f) => {
    if (f.session !== id) return;
    inbox.current.push({ from: f.from, payload: f.payload });
    drain();
  }, [id]);
  useLiveReload(() => { if (mesh.current) void load(); }, [id]);
  // Signals wait until the mesh knows who I am; then they are handled one at a time, in order.
  function drain() {
    if (!mesh.current || !meRef.current) return;
    const m = mesh.current;
    for (const s of inbox.current.splice(0, inbox.current.length)) chain.current = chain.current.then(() => m.receive(s.from, s.payload));
  }
  useEffect(drain, [me?.id]);

  useEffect(() => {
    const closedNow = call instanceof ApiError && call.status === 409;
    const timer = setInterval(() => { if (mesh.current) void load(); }, closedNow ? RETRY_CLOSED_MS : REFRESH_MS);
    return () => clearInterval(timer);
  }, [call instanceof ApiError ? call.status : 'ok']);

  const admit = useAction(async (person: string) => apply(await admitToCall(id, person)));
  const leave = useAction(async () => {
    left.current = true;
    mesh.current?.close();
    await leaveCall(id).catch(() => {});
    navigate(back);
  });

  const toggle = (kind: 'audio' | 'video', off: boolean) => {
    media?.stream.getTracks().filter((tr) => tr.kind === kind).forEach((tr) => { tr.enabled = !off; });
    (kind === 'audio' ? setMuted : setCameraOff)(off);
  };

  if (call === null) return <Skeleton lines={3} label={t('call.loading')} />;
  if (call instanceof ApiError)
    return (
      <Card title={t('call.title')}>
        <LoadError error={call} retry={() => void load()} />
        <p><a href={back}>{t('call.back')}</a></p>
      </Card>
    );

  const others = call.participants.filter((p) => p.role !== 'me');
  const therapist = call.participants.find((p) => p.role === 'therapist') ?? (call.my_role === 'therapist' ? me : undefined);
  const waiting = others.filter((p) => p.state === 'waiting');
  const streams = mesh.current?.streams() ?? new Map<string, MediaStream>();
  const inCall = me?.state === 'admitted';

  return (
    <div class="call" data-testid="call" data-state={me?.state}>
      <h1 class="call__title">{call.kind === 'joint' ? t('call.titleTogether') : t('call.titleAlone')}</h1>
      <p class="hint">{t('call.private')}</p>
      {media?.problem && <Notice kind="error">{t('call.noCamera')}</Notice>}
      {me?.state === 'waiting' && (
        <Notice>
          <span data-testid="waiting-room">{t('call.waiting', { name: therapist?.name ?? '' })}</span>
        </Notice>
      )}
      {call.my_role === 'therapist' && waiting.length > 0 && (
        <section class="card" aria-labelledby="waiting-title" data-testid="admit-list">
          <h2 id="waiting-title">{t('call.waitingTitle')}</h2>
          <ul class="entries">
            {waiting.map((p) => (
              <li key={p.id}>
                <span>{t('call.isWaiting', { name: p.name })}</span>{' '}
                <button type="button" class="button" disabled={admit.busy} onClick={() => admit.run(p.id)}>{t('call.admit', { name: p.name })}</button>
              </li>
            ))}
          </ul>
          {admit.error && <Notice kind="error">{admit.error.detail}</Notice>}
        </section>
      )}
      <div class="call__grid">
        {media && <Video stream={media.stream} muted label={t('call.you')} testid="local-video" />}
        {inCall && others.filter((p) => p.state === 'admitted').map((p) => {
          const s = streams.get(p.id);
          return s
            ? <Video key={p.id} stream={s} label={p.name} testid="remote-video" person={p.id} />
            : <figure key={p.id} class="call__tile call__tile--empty" data-testid="remote-pending"><figcaption>{t('call.connecting', { name: p.name })}</figcaption></figure>;
        })}
      </div>
      <ul class="call__people" aria-label={t('call.people')}>
        {others.map((p) => <li key={p.id}>{p.name}: {stateWords(p.state)}</li>)}
      </ul>
      <div class="call__controls" role="group" aria-label={t('call.controls')}>
        <button type="button" class="button button--quiet" aria-pressed={muted} onClick={() => toggle('audio', !muted)}>
          {muted ? t('call.unmute') : t('call.mute')}
        </button>
        <button type="button" class="button button--quiet" aria-pressed={cameraOff} onClick={() => toggle('video', !cameraOff)}>
          {cameraOff ? t('call.cameraOn') : t('call.cameraOff')}
        </button>
        <button type="button" class="button button--danger" disabled={leave.busy} onClick={() => leave.run()}>{t('call.leave')}</button>
      </div>
    </div>
  );
}
