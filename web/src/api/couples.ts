// Couples: mirrors src/features/couples/routes.cpp.
import { request } from './client';

export interface Partner {
  id: string;
  display_name: string;
  is_me: boolean;
}

export interface Couple {
  id: string;
  partners: Partner[];
  since: string;
  time_zone: string;
}

export interface Invite {
  code: string;
  link: string;
  expires_at: string;
}

// The partner's name in a couple, if there is a partner.
export const partnerName = (c: Couple | null | undefined): string | undefined => c?.partners.find((p) => !p.is_me)?.display_name;

// The couple I am in, or null.
export const getCouple = () => request<Couple | undefined>('GET', '/api/v1/couple').then((c) => c ?? null);

export const createInvite = () => request<Invite>('POST', '/api/v1/couple/invites');
export const joinCouple = (code: string) => request<Couple>('POST', '/api/v1/couple/join', { code });
export const leaveCouple = () => request<void>('DELETE', '/api/v1/couple/membership');
