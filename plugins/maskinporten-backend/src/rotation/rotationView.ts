import {
  KeyRotationView,
  PublicJwk,
  RotationGatewayProgress,
  describeRotationNextStep,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { RotationRecord, KeyRecord } from '../database';
import { toJwkSet } from '../keys/keyViews';

/** Whether the view needs the integration's keys: a manual rotation shows the set to upload. */
export function viewNeedsKeys(rotation: RotationRecord): boolean {
  return (
    rotation.mode === 'manual' &&
    (rotation.phase === 'awaiting-upload' || rotation.phase === 'verified' || rotation.phase === 'gateways')
  );
}

/**
 * Whether the view shows the linked gateways: from verification until the rotation ends, and
 * after a retirement the ones that were carried (so the finished rotation keeps its gateway step).
 */
export function viewNeedsGateways(rotation: RotationRecord): boolean {
  return rotation.phase === 'verified' || rotation.phase === 'gateways' || rotation.phase === 'retired';
}

/** Of a retired rotation, the gateways it carried: those that sign with its new key, proven. */
function carriedGateways(gateways: RotationGatewayProgress[]): RotationGatewayProgress[] {
  return gateways.filter(g => g.state === 'verified' || g.state === 'confirmed');
}

/**
 * A rotation as the card shows it, given the integration's keys when `viewNeedsKeys` and the
 * linked deployments' progress when `viewNeedsGateways`.
 */
export function toRotationView(
  rotation: RotationRecord,
  stored: KeyRecord[],
  now: Date,
  gateways?: RotationGatewayProgress[],
): KeyRotationView {
  let jwks: PublicJwk[] | undefined;
  if (viewNeedsKeys(rotation)) {
    jwks = toJwkSet(
      rotation.phase === 'awaiting-upload' ? stored : stored.filter(k => !rotation.oldKids.includes(k.kid)),
      now,
    );
  }
  const relevant = rotation.phase === 'retired' ? carriedGateways(gateways ?? []) : gateways;
  const shownGateways = viewNeedsGateways(rotation) && relevant?.length ? relevant : undefined;
  return {
    id: rotation.id,
    entityRef: rotation.entityRef,
    environment: rotation.environment,
    clientId: rotation.clientId,
    mode: rotation.mode,
    phase: rotation.phase,
    open: rotation.open,
    newKid: rotation.newKid,
    oldKids: rotation.oldKids,
    attempts: rotation.attempts,
    lastError: rotation.lastError,
    startedBy: rotation.startedBy,
    createdAt: rotation.createdAt.toISOString(),
    updatedAt: rotation.updatedAt.toISOString(),
    registeredAt: rotation.registeredAt?.toISOString(),
    verifiedAt: rotation.verifiedAt?.toISOString(),
    retireAfter: rotation.retireAfter?.toISOString(),
    completedAt: rotation.completedAt?.toISOString(),
    nextStep: describeRotationNextStep({ ...rotation, gateways: shownGateways }),
    jwks,
    ...(shownGateways && {
      gateways: shownGateways,
      blockingDeployments: shownGateways.filter(g => g.state !== 'verified' && g.state !== 'confirmed').map(g => g.deploymentId),
    }),
    ...(rotation.forcedBy && { forcedBy: rotation.forcedBy }),
  };
}
