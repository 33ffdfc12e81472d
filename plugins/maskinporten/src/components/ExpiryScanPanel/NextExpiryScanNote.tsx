import Typography from '@material-ui/core/Typography';
import { RelativeTime } from '../common';
import { formatNextRun, useExpiryScanStatus } from './useExpiryScanStatus';

/**
 * One line for the entity card: when the expiry scan next looks at these keys. The card is
 * not the place for scan failures (the page shows them), so an error just hides the line.
 */
export function NextExpiryScanNote() {
  const { value } = useExpiryScanStatus();
  if (!value?.nextRunAt) {
    return null;
  }
  return (
    <Typography variant="caption" color="textSecondary" data-testid="next-expiry-scan">
      Next expiry scan <RelativeTime iso={value.nextRunAt} format={formatNextRun} />
      {value.delivery === 'notifications' ? '; owners are notified of changes.' : '.'}
    </Typography>
  );
}
