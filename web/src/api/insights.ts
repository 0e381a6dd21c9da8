// Insights: mirrors src/features/insights/routes.cpp. One person's weeks, oldest first.
import { request } from './client';
import type { Component } from './triangle';

export interface InsightWeek {
  monday: string; // "2027-03-08", in the person's own time zone
  selfcare_minutes: number;
  selfcare_entries: number;
  mood: number | null;
  energy: number | null;
  closeness: number | null; // my own answers only
  together: { evenings: number; met: number } | null; // null outside a couple
  triangle: { date: string; scores: Record<Component, number> } | null;
}

export interface InsightPart {
  weeks: number;
  mean: number;
}

export interface Comparison {
  measure: 'selfcare_minutes' | 'evenings_met';
  outcome: 'mood' | 'energy' | 'closeness';
  threshold: number;
  more: InsightPart;
  other: InsightPart;
  similar: boolean;
}

export interface Insights {
  time_zone: string;
  weeks: InsightWeek[];
  triangle: { form: string | null; min?: number; max?: number };
  comparisons: Comparison[];
}

export const WEEK_CHOICES = [8, 26] as const;

export const getInsights = (weeks: number) => request<Insights>('GET', `/api/v1/me/insights?weeks=${weeks}`);
