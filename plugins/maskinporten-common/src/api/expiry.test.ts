import { daysUntil, expiryStatus } from './expiry';

const now = new Date('2026-11-24T12:00:00Z');
const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000);

describe('expiryStatus', () => {
  it.each([
    [31, 'ok'],
    [30, 'warning'],
    [8, 'warning'],
    [7, 'critical'],
    [0.01, 'critical'],
    [0, 'expired'],
    [-3, 'expired'],
  ])('%s days left is %s', (days, status) => {
    expect(expiryStatus(inDays(days), now)).toBe(status);
  });

  it('is unknown without an expiry and honours custom thresholds', () => {
    expect(expiryStatus(undefined, now)).toBe('unknown');
    expect(expiryStatus(inDays(45).toISOString(), now, { warningDays: 60, criticalDays: 14 })).toBe('warning');
  });

  it('counts whole days left', () => {
    expect(daysUntil(inDays(1.9), now)).toBe(1);
    expect(daysUntil(inDays(-0.5), now)).toBe(-1);
  });
});
