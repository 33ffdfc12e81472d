import { useEffect, useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { useSignal } from '@backstage/plugin-signals-react';
import { maskinportenApiRef } from '../../api';
import { EXPIRY_SCAN_CHANNEL } from '../../lib/signals';

/** Once the announced time has passed, re-read this often until the backend moves it on. */
const OVERDUE_RECHECK_MS = 30_000;
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The expiry scan's status, kept current: re-read when the backend signals a scan, and,
 * for backends without signals, when the announced next run has passed.
 */
export function useExpiryScanStatus() {
  const api = useApi(maskinportenApiRef);
  const status = useAsyncRetry(() => api.getExpiryScan(), [api]);
  const retryRef = useRef(status.retry);
  retryRef.current = status.retry;
  const { lastSignal } = useSignal(EXPIRY_SCAN_CHANNEL);

  useEffect(() => {
    if (lastSignal) retryRef.current();
  }, [lastSignal]);

  const value = status.value;
  useEffect(() => {
    if (!value?.nextRunAt) return undefined;
    const untilDue = new Date(value.nextRunAt).getTime() - Date.now();
    const wait = Math.min(Math.max(untilDue + 5000, OVERDUE_RECHECK_MS), MAX_TIMEOUT_MS);
    const timer = setTimeout(() => retryRef.current(), wait);
    return () => clearTimeout(timer);
    // A new status object (each read) schedules the next check.
  }, [value]);

  return status;
}
