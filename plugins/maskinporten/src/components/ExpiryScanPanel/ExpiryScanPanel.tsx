import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import type { ExpiryScanStatus } from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import { errorMessage } from '../../lib/errors';
import { formatAbsolute, formatRelative } from '../../lib/time';

function When(props: { iso?: string; none: string }) {
  if (!props.iso) {
    return <>{props.none}</>;
  }
  return (
    <Tooltip title={formatAbsolute(props.iso)}>
      <span>{formatRelative(props.iso)}</span>
    </Tooltip>
  );
}

function summary(status: ExpiryScanStatus): string | undefined {
  const result = status.lastResult;
  if (!result) return undefined;
  const { ok, warning, critical, expired } = result.byState;
  return `${result.scanned} key${result.scanned === 1 ? '' : 's'}: ${ok} ok, ${warning} warning, ${critical} critical, ${expired} expired; ${result.changed} owner${result.changed === 1 ? '' : 's'} told of a change`;
}

/**
 * Last and next run of the backend's expiry scan, which tells owners about expiring keys,
 * and a button to run it now.
 */
export function ExpiryScanPanel() {
  const api = useApi(maskinportenApiRef);
  const status = useAsyncRetry(() => api.getExpiryScan(), [api]);
  const [triggering, setTriggering] = useState(false);
  const [triggered, setTriggered] = useState(false);
  const [triggerError, setTriggerError] = useState<string>();

  const scanNow = async () => {
    setTriggering(true);
    setTriggerError(undefined);
    setTriggered(false);
    try {
      await api.triggerExpiryScan();
      setTriggered(true);
    } catch (failure) {
      setTriggerError(errorMessage(failure));
    } finally {
      setTriggering(false);
    }
    status.retry();
  };

  const value = status.value;
  return (
    <Paper variant="outlined">
      <Box p={2}>
        <Box display="flex" alignItems="center" justifyContent="space-between">
          <Typography variant="h6" component="h2">
            Expiry scan
          </Typography>
          <Box display="flex" style={{ gap: 8 }}>
            <Button size="small" onClick={status.retry} disabled={status.loading}>
              Reload
            </Button>
            <Button
              size="small"
              variant="outlined"
              color="primary"
              onClick={scanNow}
              disabled={triggering}
            >
              Scan now
            </Button>
          </Box>
        </Box>
        {status.error && (
          <Alert severity="error">Could not load the scan status: {errorMessage(status.error)}</Alert>
        )}
        {value && (
          <>
            <Typography variant="body2">
              Last scan: <When iso={value.lastRunAt} none="not run yet" />
              {summary(value) && ` (${summary(value)})`}
            </Typography>
            <Typography variant="body2">
              Next scan: <When iso={value.nextRunAt} none="only when started by hand" />
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {value.delivery === 'notifications'
                ? 'Owners get a notification when a key turns warning, critical or expired.'
                : 'The notifications plugin is not installed: state changes go to the backend log.'}
            </Typography>
            {value.lastError && <Alert severity="warning">Last scan: {value.lastError}</Alert>}
          </>
        )}
        {triggered && (
          <Alert severity="info">Scan started; reload in a moment to see its result.</Alert>
        )}
        {triggerError && <Alert severity="error">Could not start a scan: {triggerError}</Alert>}
      </Box>
    </Paper>
  );
}
