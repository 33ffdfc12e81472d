import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { withTitle } from '../../lib/errors';
import { useT, type Translate } from '../../translation';
import { explainResult } from '../TokenTestResult';
import type { BulkTestStatus } from './useBulkTokenTest';

function describe(
  t: Translate,
  status: BulkTestStatus,
  item: MaskinportenIntegrationView,
): { label: string; reason?: string } {
  switch (status.state) {
    case 'queued':
      return { label: t('page.bulk.queued') };
    case 'running':
      return { label: t('page.bulk.running') };
    case 'done': {
      const result = status.result;
      if (result.outcome === 'success') {
        const scopes = (result.grantedScopes ?? []).join(' ');
        return {
          label: t('page.bulk.succeeded'),
          reason: scopes ? t('page.bulk.granted', { scopes }) : t('page.bulk.grantedNone'),
        };
      }
      const explanation = explainResult(t, result, item.keys);
      const code = result.errorCode ? ` (${result.errorCode})` : '';
      return {
        label: `${result.outcome === 'rejected' ? t('page.bulk.refused') : t('page.bulk.failed')}${code}`,
        reason: explanation.meaning ?? explanation.message,
      };
    }
    default:
      return { label: t('page.bulk.couldNotRun'), reason: withTitle(status.message, item.entityRef, item.title) };
  }
}

/**
 * A bulk token test's progress and outcome in the row, with the reason written out (three
 * lines at most; the whole text on hover) rather than hidden in a tooltip.
 */
export function BulkTestStatusCell(props: { status: BulkTestStatus; item: MaskinportenIntegrationView }) {
  const t = useT();
  const { label, reason } = describe(t, props.status, props.item);
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
