import { createExtensionPoint } from '@backstage/backend-plugin-api';
import {
  MaskinportenIntegrationView,
  PublicJwk,
} from '@maskinporten-backstage/plugin-maskinporten-common';

/** What `MaskinportenStartupContext.integrationOf` found for an entity. @public */
export type MaskinportenIntegrationLookup =
  | { status: 'not-in-catalog' }
  | { status: 'no-integration' }
  | { status: 'invalid'; problems: string[] }
  | { status: 'found'; integration: MaskinportenIntegrationView };

/**
 * What the backend lends a startup task once it has initialised. Every operation goes
 * through the same services the HTTP API uses (one key issuer, the same client-id claims),
 * acting as the plugin itself; nothing here returns private key material.
 *
 * @public
 */
export interface MaskinportenStartupContext {
  /** The configured environment names. */
  readonly environments: string[];
  /** The entity's own integration, with its keys (public view). */
  integrationOf(entityRef: string): Promise<MaskinportenIntegrationLookup>;
  /**
   * Generates a key for the entity's integration through the key issuer, as if at
   * `createdAt`: the key's expiry counts from then. Example portals use it for backdated keys.
   */
  issueKey(entityRef: string, options: { createdAt: Date }): Promise<{ kid: string; expiresAt?: Date }>;
  /** The integration's public key set, as Samarbeidsportalen takes it (a bare array). */
  publicKeys(entityRef: string): Promise<PublicJwk[]>;
  /**
   * Records that the task posted these keys to Digdir (or a simulator) at `registeredAt`, so
   * the card can tell a registered key from one never uploaded. Their expiry is unchanged.
   */
  recordRegistered(entityRef: string, kids: string[], registeredAt: Date): Promise<void>;
}

/** A task that runs once the plugin is ready, e.g. seeding example data in development. @public */
export type MaskinportenStartupTask = (context: MaskinportenStartupContext) => Promise<void>;

/** @public */
export interface MaskinportenStartupTaskExtensionPoint {
  addStartupTask(task: MaskinportenStartupTask): void;
}

/** @public */
export const maskinportenStartupTaskExtensionPoint =
  createExtensionPoint<MaskinportenStartupTaskExtensionPoint>({
    id: 'maskinporten.startup-tasks',
  });
