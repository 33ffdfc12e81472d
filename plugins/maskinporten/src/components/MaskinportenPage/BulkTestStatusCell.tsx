import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { explainMaskinportenError, explainUnuploadedKey } from '@maskinporten-backstage/plugin-maskinporten-common';
import { withTitle } from '../../lib/errors';
import { unuploadedKeyFor } from '../TokenTestResult';
import type { BulkTestStatus } from './useBulkTokenTest';

function describe(status: BulkTestStatus, item: MaskinportenIntegrationView): { label: string; reason?: string } {
  const keys = item.keys;
  switch (status.state) {
    case 'queued':
      return { label: 'Test queued' };
    case 'running':
      return { label: 'Testing…' };
    case 'done': {
      const result = status.result;
      if (result.outcome === 'success') {
        return { label: 'Succeeded just now', reason: `Granted ${(result.grantedScopes ?? []).join(' ') || 'no scopes'}` };
      }
      const unuploaded = unuploadedKeyFor(result, keys);
      const meaning = unuploaded
        ? explainUnuploadedKey({ kid: unuploaded.kid, environment: result.environment }).meaning
        : result.meaning ?? explainMaskinportenError(result.errorCode)?.meaning ?? result.message;
      return {
        label: `${result.outcome === 'rejected' ? 'Refused' : 'Failed'}${result.errorCode ? ` (${result.errorCode})` : ''}`,
        reason: meaning,
      };
    }
    default:
      return { label: 'Could not run', reason: withTitle(status.message, item.entityRef, item.title) };
  }
}

/**
 * A bulk token test's progress and outcome in the row, with the reason written out (three
 * lines at most; the whole text on hover) rather than hidden in a tooltip.
 */
export function BulkTestStatusCell(props: { status: BulkTestStatus; item: MaskinportenIntegrationView }) {
  const { label, reason } = describe(props.status, props.item);
  return (
    <Box data-testid="bulk-test-status" aria-live="polite">
      <Typography variant="body2" style={{ fontWeight: 600 }}>
        {label}
      </Typography>
      {reason && (
        <Tooltip title={reason}>
          <Typography
            variant="caption"
            component="div"
            data-testid="bulk-test-reason"
            style={{ display: '-webkit-box', WebkitLineClamp: 3, WebkitBoxOrient: 'vertical', overflow: 'hidden' }}
          >
            {reason}
          </Typography>
        </Tooltip>
      )}
    </Box>
  );
}
