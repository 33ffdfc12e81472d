import { formatRelative, isFuture, isJustNow, refreshIntervalFor } from './time';

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
    expect(formatRelative(plusDays(364.5), now)).toBe('in 12 months');
    expect(formatRelative(plusDays(365.5), now)).toBe('in 12 months');
    expect(formatRelative(plusDays(800), now)).toBe('in 2 years');
    expect(formatRelative(new Date(now.getTime() - 2 * 3_600_000).toISOString(), now)).toBe(
      '2 hours ago',
    );
    expect(formatRelative(new Date(now.getTime() + 5 * 60_000).toISOString(), now)).toBe(
      'in 5 minutes',
    );
  });
});

describe('formatRelative in bokmål', () => {
  it('speaks Norwegian with the same units', () => {
    expect(formatRelative(plusDays(23), now, 'nb-NO')).toBe('om 23 døgn');
    expect(formatRelative(plusDays(-3), now, 'nb-NO')).toBe('for 3 døgn siden');
  });
});

describe('isJustNow', () => {
  it('covers the last minute, also when the server clock runs ahead', () => {
    expect(isJustNow(new Date(now.getTime() + 800).toISOString(), now)).toBe(true);
    expect(isJustNow(new Date(now.getTime() - 30_000).toISOString(), now)).toBe(true);
    expect(isJustNow(new Date(now.getTime() - 5 * 60_000).toISOString(), now)).toBe(false);
  });
});

describe('isFuture', () => {
  it('tells an expiry ahead from one passed', () => {
    expect(isFuture(plusDays(3), now)).toBe(true);
    expect(isFuture(plusDays(-35), now)).toBe(false);
  });
});

describe('refreshIntervalFor', () => {
  it('ticks faster the closer the time is', () => {
    expect(refreshIntervalFor(new Date(now.getTime() + 42_000).toISOString(), now)).toBe(1000);
    expect(refreshIntervalFor(new Date(now.getTime() + 42 * 60_000).toISOString(), now)).toBe(15_000);
    expect(refreshIntervalFor(plusDays(3), now)).toBe(60_000);
  });
});
