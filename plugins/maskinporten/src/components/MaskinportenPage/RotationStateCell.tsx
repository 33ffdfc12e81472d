import Typography from '@material-ui/core/Typography';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { useT } from '../../translation';
import { describeNextStep } from '../KeyRotation';
import { Truncated } from '../common';

/**
 * Where the integration's key rotation stands, in one line: an open rotation's phase (its
 * next step and last error on hover), otherwise what the sliding window still holds.
 */
export function RotationStateCell(props: { item: MaskinportenIntegrationView }) {
  const { rotation, window } = props.item;
  const t = useT();
  if (rotation?.open) {
    const failing = rotation.attempts > 0 && rotation.lastError;
    const nextStep = describeNextStep(t, rotation);
    return (
      <Truncated
        secondary
        title={failing ? `${nextStep} ${t('rotation.page.lastError', { error: rotation.lastError! })}` : nextStep}
      >
        {t('rotation.page.rotating', { phase: t(`rotation.phases.${rotation.phase}`) })}
        {failing ? ` ${t('rotation.page.retrying')}` : ''}
      </Truncated>
    );
  }
  const parts = [
    window?.next ? t('rotation.page.nextWaiting') : undefined,
    window?.retiring.length ? t('rotation.page.retiring', { count: window.retiring.length }) : undefined,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <Typography variant="caption" color="textSecondary" component="div" noWrap>
      {parts.join(', ')}
    </Typography>
  );
}
