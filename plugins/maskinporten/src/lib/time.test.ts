import { expiryPhrase, formatPast, formatRelative, refreshIntervalFor } from './time';
import { plural } from './plural';

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

describe('formatPast', () => {
  it('says "just now" for the last minute, also when the server clock runs ahead', () => {
    expect(formatPast(new Date(now.getTime() + 800).toISOString(), now)).toBe('just now');
    expect(formatPast(new Date(now.getTime() - 30_000).toISOString(), now)).toBe('just now');
    expect(formatPast(new Date(now.getTime() - 5 * 60_000).toISOString(), now)).toBe('5 minutes ago');
  });
});

describe('expiryPhrase', () => {
  it('uses the past tense for a date in the past', () => {
    expect(expiryPhrase(plusDays(-35), now)).toBe('Expired 35 days ago');
    expect(expiryPhrase(plusDays(3), now)).toBe('Expires in 3 days');
  });
});

describe('refreshIntervalFor', () => {
  it('ticks faster the closer the time is', () => {
    expect(refreshIntervalFor(new Date(now.getTime() + 42_000).toISOString(), now)).toBe(1000);
    expect(refreshIntervalFor(new Date(now.getTime() + 42 * 60_000).toISOString(), now)).toBe(15_000);
    expect(refreshIntervalFor(plusDays(3), now)).toBe(60_000);
  });
});

describe('plural', () => {
  it('counts one and many', () => {
    expect(plural(1, 'key')).toBe('1 key');
    expect(plural(2, 'key')).toBe('2 keys');
    expect(plural(0, 'entry', 'entries')).toBe('0 entries');
  });
});
