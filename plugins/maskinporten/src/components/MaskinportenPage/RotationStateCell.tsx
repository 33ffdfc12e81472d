import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';

/**
 * Where the integration's key rotation stands, in one cell: an open rotation's phase (with
 * its next step on hover), otherwise what the sliding window still holds.
 */
export function RotationStateCell(props: { item: MaskinportenIntegrationView }) {
  const { rotation, window } = props.item;
  if (rotation?.open) {
    const failing = rotation.attempts > 0 && rotation.lastError;
    return (
      <Tooltip title={failing ? `${rotation.nextStep} Last error: ${rotation.lastError}` : rotation.nextStep}>
        <Chip
          size="small"
          color={failing ? 'secondary' : 'primary'}
          variant="outlined"
          label={`Rotating · ${rotation.phase}`}
        />
      </Tooltip>
    );
  }
  const parts = [
    window?.next ? 'next key waiting' : undefined,
    window?.retiring.length ? `${window.retiring.length} retiring` : undefined,
  ].filter(Boolean);
  return (
    <Typography variant="body2" color="textSecondary">
      {parts.length > 0 ? parts.join(', ') : '—'}
    </Typography>
  );
}
