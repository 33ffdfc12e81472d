import Typography from '@material-ui/core/Typography';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { plural } from '../../lib/plural';
import { PHASE_LABELS } from '../KeyRotation';
import { Truncated } from '../common';

/**
 * Where the integration's key rotation stands, in one line: an open rotation's phase (its
 * next step and last error on hover), otherwise what the sliding window still holds.
 */
export function RotationStateCell(props: { item: MaskinportenIntegrationView }) {
  const { rotation, window } = props.item;
  if (rotation?.open) {
    const failing = rotation.attempts > 0 && rotation.lastError;
    return (
      <Truncated secondary title={failing ? `${rotation.nextStep} Last error: ${rotation.lastError}` : rotation.nextStep}>
        Rotating: {PHASE_LABELS[rotation.phase]}
        {failing ? ' (retrying)' : ''}
      </Truncated>
    );
  }
  const parts = [
    window?.next ? 'next key waiting' : undefined,
    window?.retiring.length ? `${plural(window.retiring.length, 'key')} retiring` : undefined,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <Typography variant="caption" color="textSecondary" component="div" noWrap>
      {parts.join(', ')}
    </Typography>
  );
}
