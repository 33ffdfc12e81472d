import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { maskinportenApiRef } from '../../api';
import { formatAbsolute, formatRelative } from '../../lib/time';

/**
 * One line for the entity card: when the expiry scan next looks at these keys. The card is
 * not the place for scan failures (the page shows them), so an error just hides the line.
 */
export function NextExpiryScanNote() {
  const api = useApi(maskinportenApiRef);
  const { value } = useAsync(() => api.getExpiryScan(), [api]);
  if (!value?.nextRunAt) {
    return null;
  }
  return (
    <Typography variant="caption" color="textSecondary" data-testid="next-expiry-scan">
      Next expiry scan{' '}
      <Tooltip title={formatAbsolute(value.nextRunAt)}>
        <span>{formatRelative(value.nextRunAt)}</span>
      </Tooltip>
      {value.delivery === 'notifications' ? '; owners are notified of changes.' : '.'}
    </Typography>
  );
}
