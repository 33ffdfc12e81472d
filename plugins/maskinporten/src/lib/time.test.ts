import { formatRelative } from './time';

const now = new Date('2026-11-25T12:00:00Z');
const plusDays = (days: number) =>
  new Date(now.getTime() + days * 86_400_000).toISOString();

describe('formatRelative', () => {
  it('says days for expiry horizons up to two months', () => {
    expect(formatRelative(plusDays(23), now)).toBe('in 23 days');
    expect(formatRelative(plusDays(-3), now)).toBe('3 days ago');
    expect(formatRelative(plusDays(45), now)).toBe('in 45 days');
  });

  it('switches to months, years, hours and minutes where days would mislead', () => {
    expect(formatRelative(plusDays(90), now)).toBe('in 3 months');
    expect(formatRelative(plusDays(400), now)).toBe('in 1 year');
    expect(formatRelative(new Date(now.getTime() - 2 * 3_600_000).toISOString(), now)).toBe(
      '2 hours ago',
    );
    expect(formatRelative(new Date(now.getTime() + 5 * 60_000).toISOString(), now)).toBe(
      'in 5 minutes',
    );
  });
});
