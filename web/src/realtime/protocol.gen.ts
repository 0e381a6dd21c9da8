// Generated from src/platform/live/protocol.json by web/scripts/live-protocol.mjs. Do not edit.
// Frames of /api/v1/live: JSON text messages {"type", "v", ...}.

export const PROTOCOL_VERSION = 1 as const;

/** one chat message as this person sees it */
export interface ChatMessage {
  id: string;
  author: "me" | "partner";
  text: string;
  /** RFC 3339 */
  created_at: string;
}

// --- server -> client ---

/** hello: first frame of every connection: where this person's frame sequence stands */
export interface ServerHello {
  type: "hello";
  v: typeof PROTOCOL_VERSION;
  /** names this server process and this person's sequence on it; a resume against another epoch gets reload */
  epoch: string;
  /** the last frame number sent to this person before this connection opened (0: none yet) */
  seq: number;
}

/** pong: answer to ping */
export interface ServerPong {
  type: "pong";
  v: typeof PROTOCOL_VERSION;
  id?: string;
}

/** ack: the client frame with this id was accepted */
export interface ServerAck {
  type: "ack";
  v: typeof PROTOCOL_VERSION;
  id: string;
  /** the id of what it created (chat.send: the message id) */
  ref?: string;
}

/** error: a client frame was refused; the connection stays open */
export interface ServerError {
  type: "error";
  v: typeof PROTOCOL_VERSION;
  /** the refused frame's id, when it had a readable one */
  id?: string;
  code: "invalid_frame" | "unknown_type" | "unsupported_version" | "invalid" | "not_found" | "no_partner" | "conflict" | "rate_limited" | "unavailable" | "internal";
  /** for people, in English */
  message: string;
}

/** resumed: after resume: every frame this connection missed has now been sent again */
export interface ServerResumed {
  type: "resumed";
  v: typeof PROTOCOL_VERSION;
  seq: number;
}

/** reload: after resume: the missed frames are not available; re-read what the page shows through the API */
export interface ServerReload {
  type: "reload";
  v: typeof PROTOCOL_VERSION;
  /** epoch: another server or a restart; gone: no longer in the replay buffer */
  reason: "epoch" | "gone";
}

/** chat.message: a new message in the couple's chat, to both partners' connections (stored before it is sent) */
export interface ServerChatMessage {
  type: "chat.message";
  v: typeof PROTOCOL_VERSION;
  /** this person's frame number on this server, counting from 1 within an epoch */
  seq: number;
  message: ChatMessage;
}

/** chat.read: the partner has read up to this message */
export interface ServerChatRead {
  type: "chat.read";
  v: typeof PROTOCOL_VERSION;
  /** this person's frame number on this server, counting from 1 within an epoch */
  seq: number;
  up_to: string;
}

/** daily.changed: the partner answered today's question; reload it through the API */
export interface ServerDailyChanged {
  type: "daily.changed";
  v: typeof PROTOCOL_VERSION;
  /** this person's frame number on this server, counting from 1 within an epoch */
  seq: number;
}

/** conversation.changed: a guided conversation moved, got a shared note, started or finished; reload it */
export interface ServerConversationChanged {
  type: "conversation.changed";
  v: typeof PROTOCOL_VERSION;
  /** this person's frame number on this server, counting from 1 within an epoch */
  seq: number;
  id: string;
}

/** together.changed: the couple's together time changed (a plan proposed, answered, skipped or moved; the timer started or ended; the partner reflected); reload it */
export interface ServerTogetherChanged {
  type: "together.changed";
  v: typeof PROTOCOL_VERSION;
  /** this person's frame number on this server, counting from 1 within an epoch */
  seq: number;
}

/** room.changed: a thread of the couple room this person is in has a new message or a new read marker; reload it through the API */
export interface ServerRoomChanged {
  type: "room.changed";
  v: typeof PROTOCOL_VERSION;
  /** this person's frame number on this server, counting from 1 within an epoch */
  seq: number;
  /** the care relationship the room belongs to */
  relationship: string;
  /** as this person names it: joint, or private (a partner's own thread with the therapist); for the therapist, joint or the partner's id */
  thread: string;
}

/** chat.typing: the partner started or stopped typing (never stored, never replayed) */
export interface ServerChatTyping {
  type: "chat.typing";
  v: typeof PROTOCOL_VERSION;
  typing: boolean;
}

/** relay: an opaque payload from the partner's connection (call signalling; never stored, never replayed) */
export interface ServerRelay {
  type: "relay";
  v: typeof PROTOCOL_VERSION;
  payload: unknown;
}

/** call.signal: WebRTC signalling for a video call, from another participant who is in it, to this person's connections only (never stored, never replayed) */
export interface ServerCallSignal {
  type: "call.signal";
  v: typeof PROTOCOL_VERSION;
  /** the booked session's id */
  session: string;
  /** the sender's person id, as the call's participants list names them */
  from: string;
  /** what the sender's client sent (an offer, an answer, ICE candidates) */
  payload: unknown;
}

/** call.state: someone joined, was let in or left a video call: re-read it through GET /api/v1/video/sessions/{session} */
export interface ServerCallState {
  type: "call.state";
  v: typeof PROTOCOL_VERSION;
  session: string;
}

export type ServerFrame =
  | ServerHello
  | ServerPong
  | ServerAck
  | ServerError
  | ServerResumed
  | ServerReload
  | ServerChatMessage
  | ServerChatRead
  | ServerDailyChanged
  | ServerConversationChanged
  | ServerTogetherChanged
  | ServerRoomChanged
  | ServerChatTyping
  | ServerRelay
  | ServerCallSignal
  | ServerCallState;
export type ServerFrameType = ServerFrame['type'];
export type ServerFrameOf<T extends ServerFrameType> = Extract<ServerFrame, { type: T }>;
/** Numbered (seq), sent to every connection of a person and replayed after a reconnect. */
export const EVENT_TYPES = ["chat.message", "chat.read", "daily.changed", "conversation.changed", "together.changed", "room.changed"] as const;
/** From the partner's connection; never numbered, stored or replayed. */
export const EPHEMERAL_TYPES = ["chat.typing", "relay", "call.signal", "call.state"] as const;

// --- client -> server ---

/** ping: the server answers pong */
export interface ClientPing {
  type: "ping";
  v: typeof PROTOCOL_VERSION;
  /** chosen by the client; the answer (ack or error) carries it back */
  id?: string;
}

/** resume: sent after hello on a reconnect: the last epoch and seq this client applied; the server sends the missed frames and resumed, or reload */
export interface ClientResume {
  type: "resume";
  v: typeof PROTOCOL_VERSION;
  /** chosen by the client; the answer (ack or error) carries it back */
  id?: string;
  epoch: string;
  seq: number;
}

/** chat.send: post a chat message (as POST /api/v1/chat/messages); answered with ack (ref: the message id); the message itself arrives as chat.message */
export interface ClientChatSend {
  type: "chat.send";
  v: typeof PROTOCOL_VERSION;
  /** chosen by the client; the answer (ack or error) carries it back */
  id?: string;
  text: string;
}

/** chat.typing: tell the partner's connections that this person is typing (true) or stopped (false); at most a few a second */
export interface ClientChatTyping {
  type: "chat.typing";
  v: typeof PROTOCOL_VERSION;
  /** chosen by the client; the answer (ack or error) carries it back */
  id?: string;
  typing: boolean;
}

/** relay: send an opaque payload to the partner's connections */
export interface ClientRelay {
  type: "relay";
  v: typeof PROTOCOL_VERSION;
  /** chosen by the client; the answer (ack or error) carries it back */
  id?: string;
  payload: unknown;
}

/** call.signal: send WebRTC signalling to another participant of a video call (as POST /api/v1/video/sessions/{session}/signal); both must be in the call; answered with ack */
export interface ClientCallSignal {
  type: "call.signal";
  v: typeof PROTOCOL_VERSION;
  /** chosen by the client; the answer (ack or error) carries it back */
  id?: string;
  session: string;
  /** the recipient's person id */
  to: string;
  payload: unknown;
}

export type ClientFrame =
  | ClientPing
  | ClientResume
  | ClientChatSend
  | ClientChatTyping
  | ClientRelay
  | ClientCallSignal;
export type ClientFrameType = ClientFrame['type'];
/** A client frame as the app writes it: the live client adds v. */
export type Outgoing = ClientFrame extends infer F ? (F extends ClientFrame ? Omit<F, 'v'> : never) : never;

export type ErrorCode = "invalid_frame" | "unknown_type" | "unsupported_version" | "invalid" | "not_found" | "no_partner" | "conflict" | "rate_limited" | "unavailable" | "internal";

// --- close codes ---

/** What the client does after a close: stop, reconnect (and resume), or go to sign-in. */
export type CloseAction = "stop" | "reconnect" | "sign_in";
export const CLOSE_CODES = {
  /** the connection ended normally */
  normal: { code: 1000, then: "stop" },
  /** the server is shutting down */
  going_away: { code: 1001, then: "reconnect" },
  /** the client sent a binary message */
  unsupported_data: { code: 1003, then: "reconnect" },
  /** the client sent text that is not UTF-8 */
  invalid_payload: { code: 1007, then: "reconnect" },
  /** too many frames from the client */
  policy: { code: 1008, then: "reconnect" },
  /** a client frame was larger than the limit */
  too_big: { code: 1009, then: "reconnect" },
  /** the client read too slowly and its send queue filled up */
  try_again_later: { code: 1013, then: "reconnect" },
  /** the session is over (sign-out, password change, erased account): do not reconnect */
  session_ended: { code: 4000, then: "sign_in" },
  /** the person joined or left a couple: reconnect and reload */
  couple_changed: { code: 4001, then: "reconnect" },
} as const satisfies Record<string, { code: number; then: CloseAction }>;
