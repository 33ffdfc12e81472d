import type { KeyRotationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import type { Translate } from '../../translation';

/**
 * What happens next in a rotation, in the user's language: the frontend's rendering of
 * -common's describeRotationNextStep (the backend's `nextStep`, English only), from the same
 * fields. translation.test.ts checks that the English texts stay the same as -common's.
 */
export function describeNextStep(
  t: Translate,
  rotation: Pick<KeyRotationView, 'mode' | 'phase' | 'oldKids' | 'lastError' | 'gateways'>,
): string {
  const manual = rotation.mode === 'manual';
  switch (rotation.phase) {
    case 'started':
      return t('rotation.next.started');
    case 'generated':
      return manual ? t('rotation.next.generatedManual') : t('rotation.next.generatedSelfService');
    case 'registered':
      return t('rotation.next.registered');
    case 'awaiting-upload':
      return t('rotation.next.awaiting-upload');
    case 'verified':
      return manual
        ? t('rotation.next.verifiedManual', {
            oldKids: rotation.oldKids.join(', ') || t('rotation.next.theOldKeys'),
          })
        : t('rotation.next.verifiedSelfService');
    case 'gateways':
      return describeGateways(t, rotation);
    case 'retired':
      return t('rotation.next.retired');
    case 'failed':
      return t('rotation.next.failed', { error: rotation.lastError ?? t('rotation.next.failedNoError') });
    case 'cancelled':
      return t('rotation.next.cancelled');
    default:
      return '';
  }
}

/** The gateway phase: which deployments the rotation is waiting for, and why. */
function describeGateways(
  t: Translate,
  rotation: Pick<KeyRotationView, 'mode' | 'oldKids' | 'lastError' | 'gateways'>,
): string {
  const gateways = rotation.gateways ?? [];
  const list = (states: string[]) =>
    gateways
      .filter(g => states.includes(g.state))
      .map(g => t('rotation.next.gateway', { target: g.targetTitle, name: g.name ?? g.apiId ?? g.deploymentId }))
      .join(t('rotation.next.gatewaysJoin'));
  const open = gateways.filter(g => g.state !== 'verified' && g.state !== 'confirmed');
  if (open.length === 0) {
    return rotation.mode === 'manual'
      ? t('rotation.next.gatewaysDoneManual', { oldKids: rotation.oldKids.join(', ') || t('rotation.next.theOldKeys') })
      : t('rotation.next.gatewaysDoneSelfService');
  }
  if (gateways.some(g => g.state === 'awaiting-owner')) {
    return t('rotation.next.gatewaysByHand', { gateways: list(['awaiting-owner']) });
  }
  if (gateways.some(g => g.state === 'failed')) {
    return rotation.lastError
      ? t('rotation.next.gatewaysFailedError', { gateways: list(['failed']), error: rotation.lastError })
      : t('rotation.next.gatewaysFailed', { gateways: list(['failed']) });
  }
  return t('rotation.next.gatewaysRedeploying', { gateways: list(['pending', 'redeployed', 'failed', 'awaiting-owner']) });
}
