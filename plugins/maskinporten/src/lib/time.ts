const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** Below these, a coarser unit would round too much: days up to two months, months up to two years. */
const THRESHOLDS: Partial<Record<Intl.RelativeTimeFormatUnit, number>> = {
  year: 2 * 365 * 86_400_000,
  month: 60 * 86_400_000,
};

/**
 * "in 23 days", "3 days ago": days stay days up to two months, because key expiry
 * warnings are counted in days and "in 1 month" would hide a 30-day warning; months stay
 * months up to two years, so a year-long key reads "in 12 months" whether it has a day
 * more or less.
 */
export function formatRelative(iso: string, now: Date = new Date(), locale: string = 'en'): string {
  const diff = new Date(iso).getTime() - now.getTime();
  const abs = Math.abs(diff);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  for (const [unit, ms] of UNITS) {
    if (abs >= (THRESHOLDS[unit] ?? ms) || unit === 'second') {
      return format.format(Math.trunc(diff / ms), unit);
    }
  }
  return format.format(0, 'second');
}

/**
 * For something that has happened: "just now" for the last minute, including a server
 * clock a little ahead of the browser's, which would otherwise read "in 0 seconds".
 */
export function isJustNow(iso: string, now: Date = new Date()): boolean {
  return new Date(iso).getTime() > now.getTime() - 60_000;
}

/** Still ahead of `now`. */
export function isFuture(iso: string, now: Date = new Date()): boolean {
  return new Date(iso).getTime() > now.getTime();
}

/**
 * The one absolute date format of the plugin: date and time in the reader's locale and
 * time zone, shown next to or behind every relative time.
 */
export function formatAbsolute(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

/**
 * How long a relative time stays right: seconds tick every second, minutes every few
 * seconds, anything further out every minute. Used to re-render "in 42 seconds" on time.
 */
export function refreshIntervalFor(iso: string, now: Date = new Date()): number {
  const distance = Math.abs(new Date(iso).getTime() - now.getTime());
  if (distance < 2 * 60_000) return 1000;
  if (distance < 2 * 3_600_000) return 15_000;
  return 60_000;
}
