import type { ExpiryStatus } from './types';

/** @public */
export interface ExpiryThresholds {
  warningDays: number;
  criticalDays: number;
}

/** @public */
export const DEFAULT_EXPIRY_THRESHOLDS: ExpiryThresholds = {
  warningDays: 30,
  criticalDays: 7,
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days left, rounded down; negative once expired. @public */
export function daysUntil(expiresAt: Date, now: Date): number {
  return Math.floor((expiresAt.getTime() - now.getTime()) / DAY_MS);
}

/** ok above `warningDays`, warning at or below it, critical at or below `criticalDays`, expired after the instant. @public */
export function expiryStatus(
  expiresAt: Date | string | undefined,
  now: Date,
  thresholds: ExpiryThresholds = DEFAULT_EXPIRY_THRESHOLDS,
): ExpiryStatus {
  if (!expiresAt) {
    return 'unknown';
  }
  const expiry = typeof expiresAt === 'string' ? new Date(expiresAt) : expiresAt;
  if (expiry.getTime() <= now.getTime()) {
    return 'expired';
  }
  const days = (expiry.getTime() - now.getTime()) / DAY_MS;
  if (days <= thresholds.criticalDays) {
    return 'critical';
  }
  if (days <= thresholds.warningDays) {
    return 'warning';
  }
  return 'ok';
}
