// Accounts: mirrors src/features/accounts/routes.cpp.
import { request, setCsrfToken } from './client';

export interface User {
  id: string;
  email: string;
  display_name: string;
  time_zone: string;
  language: string;
  sexual_content: boolean;
  email_verified: boolean;
  sign_in_notice: boolean;
  roles: ('therapist' | 'operator')[];
  created_at: string;
}

interface SessionResponse {
  user: User;
  csrf_token: string;
}

export interface SignUpInput {
  email: string;
  password: string;
  display_name: string;
  time_zone?: string;
  language?: string;
  role?: 'therapist';
}

export type ProfilePatch = Partial<Pick<User, 'display_name' | 'time_zone' | 'language' | 'sexual_content' | 'sign_in_notice'>>;

function remember(s: SessionResponse): User {
  setCsrfToken(s.csrf_token);
  return s.user;
}

// A sign-up makes no account yet: the e-mailed link does (confirmEmail). The answer is
// the same whether or not the address already has an account.
export const signUp = (input: SignUpInput) => request<{ status: 'check_email'; email: string }>('POST', '/api/v1/accounts', input);

// Uses the token of an e-mailed link. A sign-up's link makes the account and signs in
// (the user); an existing account's link confirms its address (null).
export async function confirmEmail(token: string): Promise<User | null> {
  const r = await request<Partial<SessionResponse> & { email_verified: boolean }>('POST', '/api/v1/email-verifications', { token });
  return r.user && r.csrf_token ? remember(r as SessionResponse) : null;
}

export const requestEmailVerification = () => request<{ status: string; email: string }>('POST', '/api/v1/me/email-verification');
export const requestPasswordReset = (email: string) => request<{ status: string; email: string }>('POST', '/api/v1/password-resets', { email });
export const completePasswordReset = (token: string, password: string) =>
  request<void>('POST', '/api/v1/password-resets/complete', { token, password });

// The right password signs in, or, for an account with a second factor, gives a
// challenge to send with a code (completeSignIn).
export type SignInResult = { user: User } | { challenge: string };
export async function signIn(email: string, password: string): Promise<SignInResult> {
  const r = await request<SessionResponse | { second_factor: 'totp'; challenge: string }>('POST', '/api/v1/sessions', { email, password });
  return 'challenge' in r ? { challenge: r.challenge } : { user: remember(r) };
}

export type SecondFactorProof = { code: string } | { recovery_code: string };
export async function completeSignIn(challenge: string, proof: SecondFactorProof): Promise<User> {
  return remember(await request<SessionResponse>('POST', '/api/v1/sessions/second-factor', { challenge, ...proof }));
}

export interface SecondFactorState {
  enabled: boolean;
  required: boolean;
  recovery_codes_left: number;
}
export const getSecondFactor = () => request<SecondFactorState>('GET', '/api/v1/me/second-factor');
export const startSecondFactor = (password: string) =>
  request<{ secret: string; uri: string }>('POST', '/api/v1/me/second-factor', { password });
export const confirmSecondFactor = (code: string) =>
  request<{ enabled: true; recovery_codes: string[] }>('POST', '/api/v1/me/second-factor/confirm', { code });
export const renewRecoveryCodes = (code: string) =>
  request<{ recovery_codes: string[] }>('POST', '/api/v1/me/second-factor/recovery-codes', { code });
export const turnOffSecondFactor = (password: string) => request<void>('DELETE', '/api/v1/me/second-factor', { password });

// The signed-in person, or null when there is no valid session (204 No Content).
export async function currentSession(): Promise<User | null> {
  const s = await request<SessionResponse | undefined>('GET', '/api/v1/sessions/current');
  return s ? remember(s) : null;
}

export async function signOut(): Promise<void> {
  await request<void>('DELETE', '/api/v1/sessions/current');
  setCsrfToken(null);
}

export const updateProfile = (patch: ProfilePatch) => request<User>('PATCH', '/api/v1/me', patch);

export const changePassword = (current_password: string, new_password: string) =>
  request<void>('POST', '/api/v1/me/password', { current_password, new_password });

export async function eraseAccount(password: string): Promise<void> {
  await request<void>('DELETE', '/api/v1/me', { password });
  setCsrfToken(null);
}
