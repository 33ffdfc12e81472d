import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import type { BulkTestStatus } from './useBulkTokenTest';

/** Per-row progress of a bulk token test; the tooltip carries the explanation. */
export function BulkTestStatusCell(props: { status?: BulkTestStatus }) {
  const { status } = props;
  if (!status) return null;
  let label: string;
  let detail: string | undefined;
  let color: 'default' | 'primary' | 'secondary' = 'default';
  switch (status.state) {
    case 'queued':
      label = 'Queued';
      break;
    case 'running':
      label = 'Running…';
      color = 'primary';
      break;
    case 'done':
      if (status.result.outcome === 'success') {
        label = 'Success';
        detail = `Granted: ${(status.result.grantedScopes ?? []).join(' ')}`;
      } else {
        label = `Failed${status.result.errorCode ? `: ${status.result.errorCode}` : ` (${status.result.outcome})`}`;
        detail = status.result.meaning ?? status.result.message;
        color = 'secondary';
      }
      break;
    default:
      label = 'Error';
      detail = status.message;
      color = 'secondary';
  }
  const chip = (
    <Chip size="small" color={color} label={label} aria-label={`Token test: ${label}`} data-testid="bulk-test-status" />
  );
  return detail ? <Tooltip title={detail}>{chip}</Tooltip> : chip;
}
