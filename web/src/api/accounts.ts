// Accounts: mirrors src/features/accounts/routes.cpp.
import { request, setCsrfToken } from './client';

export interface User {
  id: string;
  email: string;
  display_name: string;
  time_zone: string;
  language: string;
  sexual_content: boolean;
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
}

export type ProfilePatch = Partial<Pick<User, 'display_name' | 'time_zone' | 'language' | 'sexual_content'>>;

function remember(s: SessionResponse): User {
  setCsrfToken(s.csrf_token);
  return s.user;
}

export async function signUp(input: SignUpInput): Promise<User> {
  return remember(await request<SessionResponse>('POST', '/api/v1/accounts', input));
}

export async function signIn(email: string, password: string): Promise<User> {
  return remember(await request<SessionResponse>('POST', '/api/v1/sessions', { email, password }));
}

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
