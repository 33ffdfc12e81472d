import Typography from '@material-ui/core/Typography';
import { RelativeTime } from '../common';
import { useT } from '../../translation';
import { useExpiryScanStatus } from './useExpiryScanStatus';

/**
 * One line for the entity card: when the expiry scan next looks at these keys. The card is
 * not the place for scan failures (the page shows them), so an error just hides the line.
 */
export function NextExpiryScanNote() {
  const { value } = useExpiryScanStatus();
  const t = useT();
  if (!value?.nextRunAt) {
    return null;
  }
  return (
    <Typography variant="caption" color="textSecondary" data-testid="next-expiry-scan">
      {t('page.scan.nextNote')} <RelativeTime iso={value.nextRunAt} format="nextRun" />
      {value.delivery === 'notifications' ? t('page.scan.nextNoteNotified') : '.'}
    </Typography>
  );
}
