import { createExtensionPoint } from '@backstage/backend-plugin-api';

/** How a key's expiry looks to its owner. @public */
export type MaskinportenExpiryState = 'ok' | 'warning' | 'critical' | 'expired' | 'superseded';

/** A key whose expiry state changed since its owner was last told. @public */
export interface MaskinportenKeyExpiryChange {
  kid: string;
  state: MaskinportenExpiryState;
  previousState?: MaskinportenExpiryState;
  expiresAt?: Date;
  /** The newer key that replaced it, for `superseded`. */
  successorKid?: string;
  integration: {
    entityRef: string;
    environment: string;
    title?: string;
    clientId?: string;
  };
  /**
   * Gateway deployments that sign with this key, when the backend knows them: the ones a
   * rotation (or a renewal) must keep working. `inSync` is false when the key is not the
   * integration's active key.
   */
  deployments?: Array<{ target: string; apiId: string; name?: string; inSync: boolean }>;
}

/** Every expiry change one owner should hear about from one scan. @public */
export interface MaskinportenExpiryNotice {
  /** The owning entity (usually a group), lower-case ref. */
  owner: string;
  /** The keys whose state changed since the owner was last told. */
  changes: MaskinportenKeyExpiryChange[];
  /**
   * Every key of the owner that needs attention now (warning, critical or expired), changed
   * or not: what a digest shows, so that one message per owner never hides an earlier one.
   */
  attention: MaskinportenKeyExpiryChange[];
  scannedAt: Date;
}

/** A step of a key rotation that its owner should hear about. @public */
export interface MaskinportenRotationNotice {
  owner: string;
  event: 'verified' | 'retired' | 'failed' | 'waiting-for-gateway';
  rotation: {
    id: string;
    entityRef: string;
    environment: string;
    newKid?: string;
    oldKids: string[];
    message: string;
  };
  at: Date;
}

/**
 * A channel that tells owners about their keys: the notifications plugin by default, and any
 * channel a deployer adds (chat, e-mail, a ticket system). Every channel hears every notice;
 * one that fails does not stop the others, and the next scan tells it again.
 *
 * @public
 */
export interface MaskinportenNotifierChannel {
  /** Names the channel in logs and in the expiry scan's status. */
  readonly id: string;
  notifyExpiry?(notice: MaskinportenExpiryNotice): Promise<void>;
  notifyRotation?(notice: MaskinportenRotationNotice): Promise<void>;
}

/** @public */
export interface MaskinportenNotifierExtensionPoint {
  addNotifier(channel: MaskinportenNotifierChannel): void;
}

/** @public */
export const maskinportenNotifierExtensionPoint =
  createExtensionPoint<MaskinportenNotifierExtensionPoint>({
    id: 'maskinporten.notifiers',
  });
