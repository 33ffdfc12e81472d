const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/**
 * "in 23 days", "3 days ago": days stay days up to two months, because key expiry
 * warnings are counted in days and "in 1 month" would hide a 30-day warning.
 */
export function formatRelative(iso: string, now: Date = new Date()): string {
  const diff = new Date(iso).getTime() - now.getTime();
  const abs = Math.abs(diff);
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'always' });
  for (const [unit, ms] of UNITS) {
    const threshold = unit === 'month' ? 60 * 86_400_000 : ms;
    if (abs >= threshold || unit === 'second') {
      return format.format(Math.trunc(diff / ms), unit);
    }
  }
  return format.format(0, 'second');
}

/** Date and time in the reader's locale and time zone, for the tooltip next to a relative time. */
export function formatAbsolute(iso: string): string {
  return new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}
