// The call's media: one RTCPeerConnection to each other participant who is in the call
// (a mesh: at most three people, so at most two connections per page). The server only
// relays signalling between people it has let in; what travels in a signal is ours:
//   hello                     "I (re)opened the call: connect to me afresh"
//   offer   {pc, sdp}         from the participant whose id sorts first of the two
//   answer  {pc, sdp}
//   candidates {pc, list}     ICE candidates, gathered for a moment and sent together, so
//                             a call's start takes a few signals a second, not dozens
// `pc` names one connection attempt (chosen by the offerer): "<page>.<n>", n counting up
// on the offerer's page. Anything about an older attempt is dropped, so a reload on
// either side, or two offers crossing, settle on the newest. Signals may arrive out of
// order (each is its own request on the server): candidates for an attempt not seen
// yet wait for its offer, and an offer older than the current attempt from the same
// page is ignored. A signal can still be lost (a connection reopening drops what was
// relayed meanwhile): a connection to someone in the call that is not up a few seconds
// after its attempt began, or that failed, is tried afresh (the first by id offers, the
// other says hello), so a lost signal costs seconds, not the call. Nothing here reads
// the wall clock: the server decides when the call is open.
import type { CallParticipant, VideoCall } from '../../api/video';

type Payload =
  | { kind: 'hello' }
  | { kind: 'offer' | 'answer'; pc: string; sdp: string }
  | { kind: 'candidates'; pc: string; list: RTCIceCandidateInit[] };

interface Peer {
  pc: RTCPeerConnection;
  began: number;  // performance.now() when this attempt began
  gone: Promise<never>;  // rejects when the attempt is dropped
  leave: () => void;
  id: string;  // the attempt
  offerer: boolean;
  stream: MediaStream | null;
  remoteSet: boolean;
  early: RTCIceCandidateInit[];  // candidates that came before the remote description
  outbox: RTCIceCandidateInit[];
  timer: ReturnType<typeof setTimeout> | null;
}

const BATCH_MS = 250;
const BATCH_MAX = 20;  // candidates per signal (well under the 12 KiB a signal may carry)
const RETRY_MS = 6000;  // an attempt not connected after this is tried afresh
const CHECK_MS = 2000;

const MAX_ORPHANS = 200;
const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');

// Whether attempt `a` is older than `b`, both from one page ("<page>.<n>").
function older(a: string, b: string): boolean {
  const [pa, na] = a.split('.');
  const [pb, nb] = b.split('.');
  return pa === pb && Number(na) < Number(nb);
}

export class Mesh {
  private peers = new Map<string, Peer>();
  private seen = new Map<string, number | null>();  // since, per participant we acted on
  private config: RTCConfiguration = {};
  private closed = false;
  private readonly page = randomId();
  private attempts = 0;
  private orphans = new Map<string, RTCIceCandidateInit[]>();  // by attempt, before its offer
  private wanted = new Set<string>();  // the others in the call while I am in it
  private nudged = new Map<string, number>();  // when I last said hello to each
  private watchdog: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly me: () => string,  // my person id, once the call is loaded
    private readonly local: MediaStream,
    private readonly send: (to: string, payload: Payload) => void,
    private readonly changed: () => void,
  ) {}

  // Streams from the others, by person id.
  streams(): Map<string, MediaStream> {
    const out = new Map<string, MediaStream>();
    for (const [id, p] of this.peers) if (p.stream) out.set(id, p.stream);
    return out;
  }

  // Brings the connections in line with the call: one to each other participant in it
  // while I am in it; none to anyone else.
  sync(call: VideoCall) {
    if (this.closed) return;
    this.config = { iceServers: call.ice_servers, iceTransportPolicy: call.ice_transport_policy };
    const inCall = call.participants.find((p) => p.role === 'me')?.state === 'admitted';
    const others = call.participants.filter((p) => p.role !== 'me');
    this.wanted = new Set(inCall ? others.filter((p) => p.state === 'admitted').map((p) => p.id) : []);
    this.watchdog ??= setInterval(() => this.check(), CHECK_MS);
    for (const p of others) {
      if (!inCall || p.state !== 'admitted') {
        this.drop(p.id);
        this.seen.delete(p.id);
        continue;
      }
      if (this.seen.has(p.id) && this.seen.get(p.id) === p.since) continue;
      this.seen.set(p.id, p.since);
      this.greet(p);
    }
  }

  // Whether the connection to `id` needs a new attempt: none, failed, or not up a while
  // after it began.
  private stale(id: string): boolean {
    const peer = this.peers.get(id);
    if (!peer) return true;
    const state = peer.pc.connectionState;
    if (state === 'connected') return false;
    if (state === 'failed' || state === 'closed') return true;
    return performance.now() - peer.began > RETRY_MS;
  }

  // Tries afresh every wanted connection that is stale.
  private check() {
    if (this.closed || !this.me()) return;
    for (const id of this.wanted) {
      if (!this.stale(id)) continue;
      if (this.me() < id) void this.offer(id).catch(() => {});
      else if (performance.now() - (this.nudged.get(id) ?? -Infinity) > RETRY_MS) {
        this.nudged.set(id, performance.now());
        this.send(id, { kind: 'hello' });
      }
    }
  }

  // Someone new (or back): the first of the two by id offers; the other says hello,
  // which makes the first offer afresh.
  private greet(p: CallParticipant) {
    if (this.me() < p.id) void this.offer(p.id);
    else this.send(p.id, { kind: 'hello' });
  }

  async receive(from: string, payload: unknown) {
    if (this.closed || !payload || typeof payload !== 'object') return;
    const m = payload as Payload;
    try {
      if (m.kind === 'hello') {
        // Someone (re)opened the call, or is missing a connection to me. An attempt under
        // way is left to finish (two hellos and a greeting must not make three offers).
        if (this.me() < from && this.stale(from)) await this.offer(from);
      } else if (m.kind === 'offer' && typeof m.sdp === 'string' && typeof m.pc === 'string') {
        const current = this.peers.get(from);
        if (current && !current.offerer && older(m.pc, current.id)) return;
        const peer = this.open(from, m.pc, false);
        peer.early.push(...(this.orphans.get(m.pc) ?? []));
        this.orphans.delete(m.pc);
        await this.until(peer, peer.pc.setRemoteDescription({ type: 'offer', sdp: m.sdp }));
        this.remoteReady(peer);
        const answer = await this.until(peer, peer.pc.createAnswer());
        await this.until(peer, peer.pc.setLocalDescription(answer));
        if (this.peers.get(from) === peer) this.send(from, { kind: 'answer', pc: peer.id, sdp: answer.sdp ?? '' });
      } else if (m.kind === 'answer' && typeof m.sdp === 'string') {
        const peer = this.peers.get(from);
        if (!peer || !peer.offerer || peer.id !== m.pc || peer.remoteSet) return;
        await this.until(peer, peer.pc.setRemoteDescription({ type: 'answer', sdp: m.sdp }));
        this.remoteReady(peer);
      } else if (m.kind === 'candidates' && Array.isArray(m.list)) {
        const peer = this.peers.get(from);
        if (!peer || peer.id !== m.pc) {
          // Perhaps ahead of its offer: kept a while (bounded), dropped if it never comes.
          if (this.orphans.size > MAX_ORPHANS) this.orphans.clear();
          this.orphans.set(m.pc, [...(this.orphans.get(m.pc) ?? []), ...m.list].slice(0, MAX_ORPHANS));
          return;
        }
        if (!peer.remoteSet) peer.early.push(...m.list);
        else for (const c of m.list) await this.until(peer, peer.pc.addIceCandidate(c)).catch(() => {});
      }
    } catch {
      // A signal that no longer fits (an attempt replaced meanwhile) is dropped; the
      // newest attempt carries on.
    }
  }

  close() {
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    for (const id of [...this.peers.keys()]) this.drop(id);
  }

  private async offer(to: string) {
    const peer = this.open(to, `${this.page}.${++this.attempts}`, true);
    const offer = await this.until(peer, peer.pc.createOffer());
    await this.until(peer, peer.pc.setLocalDescription(offer));
    if (this.peers.get(to) === peer) this.send(to, { kind: 'offer', pc: peer.id, sdp: offer.sdp ?? '' });
  }

  // A new connection attempt to `to`, replacing any before it.
  private open(to: string, id: string, offerer: boolean): Peer {
    this.drop(to);
    const pc = new RTCPeerConnection(this.config);
    let leave = () => {};
    const gone = new Promise<never>((_, reject) => { leave = () => reject(new Error('dropped')); });
    gone.catch(() => {});
    const peer: Peer = { pc, began: performance.now(), gone, leave, id, offerer, stream: null, remoteSet: false, early: [], outbox: [], timer: null };
    const tracks = this.local.getTracks();
    for (const track of tracks) pc.addTrack(track, this.local);
    // Without a camera or microphone of our own, still receive theirs.
    if (offerer) {
      if (!tracks.some((t) => t.kind === 'audio')) pc.addTransceiver('audio', { direction: 'recvonly' });
      if (!tracks.some((t) => t.kind === 'video')) pc.addTransceiver('video', { direction: 'recvonly' });
    }
    pc.onicecandidate = (e) => {
      if (!e.candidate || this.peers.get(to) !== peer) return;
      peer.outbox.push(e.candidate.toJSON());
      if (peer.outbox.length >= BATCH_MAX) this.flush(to, peer);
      else peer.timer ??= setTimeout(() => this.flush(to, peer), BATCH_MS);
    };
    pc.ontrack = (e) => {
      peer.stream = e.streams[0] ?? peer.stream ?? new MediaStream();
      if (!e.streams[0]) peer.stream.addTrack(e.track);
      this.changed();
    };
    pc.onconnectionstatechange = () => this.changed();
    this.peers.set(to, peer);
    this.changed();
    return peer;
  }

  private flush(to: string, peer: Peer) {
    if (peer.timer) clearTimeout(peer.timer);
    peer.timer = null;
    if (peer.outbox.length === 0 || this.peers.get(to) !== peer) return;
    const list = peer.outbox.splice(0, peer.outbox.length);
    this.send(to, { kind: 'candidates', pc: peer.id, list });
  }

  // `step`, or a rejection as soon as `peer`'s attempt is dropped: a closed connection
  // may never settle what was pending on it, and signals are handled one after another,
  // so waiting on it would stall every signal after it.
  private until<T>(peer: Peer, step: Promise<T>): Promise<T> {
    return Promise.race([step, peer.gone]);
  }

  private remoteReady(peer: Peer) {
    peer.remoteSet = true;
    const early = peer.early.splice(0, peer.early.length);
    for (const c of early) void peer.pc.addIceCandidate(c).catch(() => {});
  }

  private drop(id: string) {
    const peer = this.peers.get(id);
    if (!peer) return;
    if (peer.timer) clearTimeout(peer.timer);
    peer.leave();
    peer.pc.close();
    this.peers.delete(id);
    this.changed();
  }
}
