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
import { useT, type Translate } from '../../translation';
import { RelativeTime } from '../common';
import { useExpiryScanStatus } from './useExpiryScanStatus';

/** After "Scan now", re-read this often (and at most this many times) until the scan reports. */
const RESULT_RECHECK_MS = 3000;
const RESULT_RECHECKS = 10;

function summary(t: Translate, status: ExpiryScanStatus): string | undefined {
  const result = status.lastResult;
  if (!result) return undefined;
  const { ok, warning, critical, expired } = result.byState;
  return t('page.scan.summary', {
    keys: t('common.keyCount', { count: result.scanned }),
    ok: String(ok),
    warning: String(warning),
    critical: String(critical),
    expired: String(expired),
    owners: t('page.scan.owners', { count: result.changed }),
  });
}

/**
 * Last and next run of the backend's expiry scan, which tells owners about expiring keys,
 * and a button to run it now. The times tick and the status re-reads itself.
 */
export function ExpiryScanPanel() {
  const api = useApi(maskinportenApiRef);
  const t = useT();
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
            {t('page.scan.title')}
          </Typography>
          <Button
            size="small"
            variant="outlined"
            color="primary"
            onClick={scanNow}
            disabled={triggering || awaiting !== undefined}
          >
            {t('page.scan.scanNow')}
          </Button>
        </Box>
        {status.error && (
          <Alert severity="error">{t('page.scan.loadFailed', { error: errorMessage(status.error) })}</Alert>
        )}
        {value && (
          <>
            <Typography variant="body2">
              {t('page.scan.last')}{' '}
              {value.lastRunAt ? <RelativeTime iso={value.lastRunAt} format="past" /> : t('page.scan.notRun')}
              {summary(t, value) && ` (${summary(t, value)})`}
            </Typography>
            <Typography variant="body2">
              {t('page.scan.next')}{' '}
              {value.nextRunAt ? <RelativeTime iso={value.nextRunAt} format="nextRun" /> : t('page.scan.byHand')}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {value.delivery === 'notifications' ? t('page.scan.notifications') : t('page.scan.log')}
            </Typography>
            {value.lastError && <Alert severity="warning">{t('page.scan.lastError', { error: value.lastError })}</Alert>}
          </>
        )}
        {awaiting && <Alert severity="info">{t('page.scan.started')}</Alert>}
        {triggerError && <Alert severity="error">{t('page.scan.startFailed', { error: triggerError })}</Alert>}
      </Box>
    </Paper>
  );
}
