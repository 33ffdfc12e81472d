import { KeyRotationView } from './types';

/**
 * What happens next in a rotation, in one sentence for the owner. One function for the card
 * and the backend's view, so the words cannot drift apart.
 *
 * @public
 */
export function describeRotationNextStep(
  rotation: Pick<KeyRotationView, 'mode' | 'phase' | 'oldKids' | 'lastError'>,
): string {
  const manual = rotation.mode === 'manual';
  switch (rotation.phase) {
    case 'started':
      return 'Generating the new key.';
    case 'generated':
      return manual
        ? 'Preparing the key set to upload.'
        : "Registering the new key next to the old ones with Digdir's self-service API.";
    case 'registered':
      return 'Waiting for Maskinporten to accept the new key (token test), retried automatically.';
    case 'awaiting-upload':
      return 'Upload this JWK array to the client in Samarbeidsportalen (it replaces the whole set), then confirm: the new key is then checked with a token test.';
    case 'verified':
      return manual
        ? `The new key works. Upload this JWK array (without ${rotation.oldKids.join(', ') || 'the old keys'}) to Samarbeidsportalen and confirm to finish.`
        : 'The new key works. The old keys stay registered for the grace period, then leave the set.';
    case 'retired':
      return 'Done: the new key is active and the old keys are removed.';
    case 'failed':
      return `Failed: ${rotation.lastError ?? 'see the logs'}. Start a new rotation after fixing the cause.`;
    case 'cancelled':
      return 'Cancelled; the old keys were kept.';
    default:
      return '';
  }
}
