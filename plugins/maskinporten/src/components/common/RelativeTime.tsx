import { useEffect, useState } from 'react';
import Tooltip from '@material-ui/core/Tooltip';
import { refreshIntervalFor } from '../../lib/time';
import { useTimeFormat, type TimeFormat } from '../../translation';

/**
 * The current time, re-read as often as a relative time to `iso` needs to stay true
 * ("in 42 seconds" ticks every second, "in 3 months" every minute), so no reload is needed.
 */
export function useNow(iso?: string): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!iso) return undefined;
    const timer = setTimeout(() => setNow(new Date()), refreshIntervalFor(iso, now));
    return () => clearTimeout(timer);
  }, [iso, now]);
  return now;
}

/**
 * A relative time that keeps itself current, in the user's language, with the absolute date
 * and time (the plugin's one date format) on hover and in the `dateTime` attribute.
 */
export function RelativeTime(props: {
  iso: string;
  format?: Exclude<keyof TimeFormat, 'absolute' | 'expiryAt'>;
}) {
  const { iso, format = 'relative' } = props;
  const now = useNow(iso);
  const time = useTimeFormat();
  return (
    <Tooltip title={time.absolute(iso)}>
      <time dateTime={iso}>{time[format](iso, now)}</time>
    </Tooltip>
  );
}
