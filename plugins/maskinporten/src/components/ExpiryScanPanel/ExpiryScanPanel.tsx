import { useEffect, useRef, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import type { ExpiryScanStatus } from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import { errorMessage } from '../../lib/errors';
import { plural } from '../../lib/plural';
import { formatPast } from '../../lib/time';
import { RelativeTime } from '../common';
import { formatNextRun, useExpiryScanStatus } from './useExpiryScanStatus';

/** After "Scan now", re-read this often (and at most this many times) until the scan reports. */
const RESULT_RECHECK_MS = 3000;
const RESULT_RECHECKS = 10;

function summary(status: ExpiryScanStatus): string | undefined {
  const result = status.lastResult;
  if (!result) return undefined;
  const { ok, warning, critical, expired } = result.byState;
  return `${plural(result.scanned, 'key')}: ${ok} ok, ${warning} warning, ${critical} critical, ${expired} expired; ${plural(result.changed, 'owner')} told of a change`;
}

/**
 * Last and next run of the backend's expiry scan, which tells owners about expiring keys,
 * and a button to run it now. The times tick and the status re-reads itself.
 */
export function ExpiryScanPanel() {
  const api = useApi(maskinportenApiRef);
  const status = useExpiryScanStatus();
  const [triggering, setTriggering] = useState(false);
  const [awaiting, setAwaiting] = useState<{ lastRunAt?: string; checks: number }>();
  const [triggerError, setTriggerError] = useState<string>();
  const retryRef = useRef(status.retry);
  retryRef.current = status.retry;
  const value = status.value;

  // Wait for the triggered scan's result instead of asking the user to reload.
  useEffect(() => {
    if (!awaiting || !value) return undefined;
    if (value.lastRunAt !== awaiting.lastRunAt || awaiting.checks >= RESULT_RECHECKS) {
      setAwaiting(undefined);
      return undefined;
    }
    const timer = setTimeout(() => {
      setAwaiting(current => current && { ...current, checks: current.checks + 1 });
      retryRef.current();
    }, RESULT_RECHECK_MS);
    return () => clearTimeout(timer);
  }, [awaiting, value]);

  const scanNow = async () => {
    setTriggering(true);
    setTriggerError(undefined);
    try {
      await api.triggerExpiryScan();
      setAwaiting({ lastRunAt: value?.lastRunAt, checks: 0 });
      // A short scan may already be done; otherwise the effect above keeps checking.
      retryRef.current();
    } catch (failure) {
      setTriggerError(errorMessage(failure));
    } finally {
      setTriggering(false);
    }
  };

  return (
    <Paper variant="outlined">
      <Box p={2}>
        <Box display="flex" alignItems="center" justifyContent="space-between">
          <Typography variant="h6" component="h2">
            Expiry scan
          </Typography>
          <Button
            size="small"
            variant="outlined"
            color="primary"
            onClick={scanNow}
            disabled={triggering || awaiting !== undefined}
          >
            Scan now
          </Button>
        </Box>
        {status.error && (
          <Alert severity="error">Could not load the scan status: {errorMessage(status.error)}</Alert>
        )}
        {value && (
          <>
            <Typography variant="body2">
              Last scan: {value.lastRunAt ? <RelativeTime iso={value.lastRunAt} format={formatPast} /> : 'not run yet'}
              {summary(value) && ` (${summary(value)})`}
            </Typography>
            <Typography variant="body2">
              Next scan:{' '}
              {value.nextRunAt ? (
                <RelativeTime iso={value.nextRunAt} format={formatNextRun} />
              ) : (
                'only when started by hand'
              )}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {value.delivery === 'notifications'
                ? 'Owners get a notification when a key turns warning, critical or expired.'
                : 'The notifications plugin is not installed: state changes go to the backend log.'}
            </Typography>
            {value.lastError && <Alert severity="warning">Last scan: {value.lastError}</Alert>}
          </>
        )}
        {awaiting && <Alert severity="info">Scan started; its result appears here when it finishes.</Alert>}
        {triggerError && <Alert severity="error">Could not start a scan: {triggerError}</Alert>}
      </Box>
    </Paper>
  );
}
