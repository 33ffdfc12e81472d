import {
  KeyRotationView,
  PublicJwk,
  describeRotationNextStep,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { RotationRecord, KeyRecord } from '../database';
import { toJwkSet } from '../keys/keyViews';

/** Whether the view needs the integration's keys: a manual rotation shows the set to upload. */
export function viewNeedsKeys(rotation: RotationRecord): boolean {
  return rotation.mode === 'manual' && (rotation.phase === 'awaiting-upload' || rotation.phase === 'verified');
}

/** A rotation as the card shows it, given the integration's keys when `viewNeedsKeys`. */
export function toRotationView(rotation: RotationRecord, stored: KeyRecord[], now: Date): KeyRotationView {
  let jwks: PublicJwk[] | undefined;
  if (viewNeedsKeys(rotation)) {
    jwks = toJwkSet(
      rotation.phase === 'verified' ? stored.filter(k => !rotation.oldKids.includes(k.kid)) : stored,
      now,
    );
  }
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
    nextStep: describeRotationNextStep(rotation),
    jwks,
  };
}
