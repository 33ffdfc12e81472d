import {
  KeyRotationView,
  PublicJwk,
  describeRotationNextStep,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { KeyStore, RotationRecord } from '../database';
import { toJwkSet } from '../keys/keyViews';

/** A rotation as the card shows it; a manual rotation carries the JWK array to upload. */
export async function toRotationView(
  rotation: RotationRecord,
  keys: KeyStore,
  now: Date,
): Promise<KeyRotationView> {
  let jwks: PublicJwk[] | undefined;
  if (rotation.mode === 'manual' && (rotation.phase === 'awaiting-upload' || rotation.phase === 'verified')) {
    const stored = await keys.list(rotation);
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
