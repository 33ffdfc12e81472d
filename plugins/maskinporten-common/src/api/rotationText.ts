import { KeyRotationView } from './types';

/**
 * What happens next in a rotation, in one sentence for the owner. One function for the card
 * and the backend's view, so the words cannot drift apart.
 *
 * @public
 */
export function describeRotationNextStep(
  rotation: Pick<KeyRotationView, 'mode' | 'phase' | 'oldKids' | 'lastError' | 'gateways'>,
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
    case 'gateways': {
      const gateways = rotation.gateways ?? [];
      const byHand = gateways.filter(g => g.state === 'awaiting-owner');
      const failed = gateways.filter(g => g.state === 'failed');
      const open = gateways.filter(g => g.state !== 'verified' && g.state !== 'confirmed');
      if (open.length === 0) {
        return manual
          ? `Every gateway signs with the new key. Upload this JWK array (without ${rotation.oldKids.join(', ') || 'the old keys'}) to Samarbeidsportalen and confirm to finish.`
          : 'Every gateway signs with the new key. The old keys stay registered for the grace period, then leave the set.';
      }
      if (byHand.length > 0) {
        return `Update ${byHand.map(describeGateway).join(' and ')} to the new key by hand (download the definition), then confirm; the old keys stay registered until then.`;
      }
      if (failed.length > 0) {
        return `Redeploying ${failed.map(describeGateway).join(' and ')} failed${rotation.lastError ? ` (${rotation.lastError})` : ''}; retried automatically. The old keys stay registered until every gateway signs with the new key.`;
      }
      return `Redeploying ${open.map(describeGateway).join(' and ')} with the new key and testing a token request through each; the old keys stay registered until then.`;
    }
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

function describeGateway(gateway: NonNullable<KeyRotationView['gateways']>[number]): string {
  return `${gateway.targetTitle} API ${gateway.name ?? gateway.apiId ?? gateway.deploymentId}`;
}
