import type { KeyRotationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import type { Translate } from '../../translation';

/**
 * What happens next in a rotation, in the user's language: the frontend's rendering of
 * -common's describeRotationNextStep (the backend's `nextStep`, English only), from the same
 * fields. translation.test.ts checks that the English texts stay the same as -common's.
 */
export function describeNextStep(
  t: Translate,
  rotation: Pick<KeyRotationView, 'mode' | 'phase' | 'oldKids' | 'lastError'>,
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
