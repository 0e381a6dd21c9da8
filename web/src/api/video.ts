// Video calls (/api/v1/video/sessions/{id}): the call as a participant sees it, joining
// (a partner waits until the therapist lets them in), letting in, leaving, and
// signalling over HTTP when the live connection is down (docs/care.md "Video calls").
import { request, sendWhileLeaving } from './client';

export type CallState = 'absent' | 'waiting' | 'admitted' | 'left';
export interface CallParticipant {
  id: string;
  name: string;
  role: 'me' | 'therapist' | 'partner';
  state: CallState;
  since: number | null;
}
export interface VideoCall {
  id: string;
  kind: 'joint' | 'individual';
  starts_at: number;
  ends_at: number;
  my_role: 'therapist' | 'partner';
  participants: CallParticipant[];
  ice_servers: RTCIceServer[];
  ice_transport_policy: RTCIceTransportPolicy;
}

const path = (id: string) => `/api/v1/video/sessions/${encodeURIComponent(id)}`;
export const getCall = (id: string) => request<VideoCall>('GET', path(id));
export const joinCall = (id: string) => request<VideoCall>('POST', `${path(id)}/join`);
export const admitToCall = (id: string, person: string) => request<VideoCall>('POST', `${path(id)}/admit`, { person });
export const leaveCall = (id: string) => request<void>('POST', `${path(id)}/leave`);
// Leaves from a tab being closed, so the others see at once that this person left.
export const leaveCallNow = (id: string) => sendWhileLeaving('POST', `${path(id)}/leave`);
export const signalOverHttp = (id: string, to: string, payload: object) =>
  request<void>('POST', `${path(id)}/signal`, { to, payload });
