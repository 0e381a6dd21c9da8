// The daily question: mirrors src/features/daily/routes.cpp.
import { request } from './client';

export interface DailyDay {
  date: string;
  question: { id: string; text: string; theme: string; depth: number };
  mine: string | null;
  partner_answered: boolean;
  partner: string | null;
  revealed: boolean;
}

export const getDaily = () => request<DailyDay>('GET', '/api/v1/daily');
export const answerDaily = (date: string, text: string) =>
  request<DailyDay>('PUT', `/api/v1/daily/${date}/answer`, { text });
export const dailyHistory = () => request<{ days: DailyDay[] }>('GET', '/api/v1/daily/history').then((r) => r.days);
