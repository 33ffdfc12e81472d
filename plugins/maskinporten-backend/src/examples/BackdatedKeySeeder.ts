import { BackstageCredentials, LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { DigdirSelfService } from '../digdir/types';
import { MaskinportenService } from '../integrations/MaskinportenService';
import { BackdatedKeySpec } from './readExamplesConfig';

const DAY_MS = 86_400_000;

/** The parts of the service the seeder uses; keys go through the same path as the API's. */
export type SeedingService = Pick<
  MaskinportenService,
  'getEntityIntegrations' | 'createKey' | 'getJwks'
>;

export type SeedOutcome =
  /** The key was created (and registered, where the environment has a simulator). */
  | 'seeded'
  /** The integration already had keys, so nothing was done. */
  | 'skipped'
  /** The entity is not in the catalog yet; a later run tries again. */
  | 'waiting-for-catalog'
  /** The key exists but its registration failed; a later run registers it again. */
  | 'registration-failed'
  /** The entity has no valid integration; nothing a later run can change. */
  | 'invalid'
  /** Key creation failed (logged); not retried. */
  | 'failed';

export interface BackdatedKeySeederOptions {
  entries: BackdatedKeySpec[];
  /** Digdir's self-service API client; only used for `simulatorEnvironments`. */
  digdir: DigdirSelfService;
  /**
   * Environments whose self-service API is a simulator (authenticated with an admin token,
   * which Digdir does not accept): the only places seeded keys are ever registered.
   */
  simulatorEnvironments: ReadonlySet<string>;
  /** A service whose clock reads `now`; the key it creates is dated then. */
  serviceAt: (now: Date) => SeedingService;
  credentials: () => Promise<BackstageCredentials>;
  logger: LoggerService;
  now?: () => Date;
}

/**
 * Development-only example data: gives integrations a key created `ageDays` ago, so the
 * portal shows keys that are about to expire or have expired. Keys are made by the
 * service's own key creation with a backdated clock, so they are real, encrypted keys; keys
 * that are still valid are registered with the environment's simulator so token tests
 * succeed. An integration that has any key is left alone, which makes runs idempotent.
 */
export class BackdatedKeySeeder {
  readonly #options: BackdatedKeySeederOptions;
  readonly #now: () => Date;
  /** Entries that need nothing more in this process. */
  readonly #finished = new Set<string>();
  /** Entries whose key exists but whose registration has not succeeded yet. */
  readonly #unregistered = new Map<string, { environment: string; clientId: string }>();

  constructor(options: BackdatedKeySeederOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** Whether another run could still change something. */
  get done(): boolean {
    return this.#options.entries.every(entry => this.#finished.has(entry.entityRef));
  }

  async runOnce(): Promise<Map<string, SeedOutcome>> {
    const outcomes = new Map<string, SeedOutcome>();
    const credentials = await this.#options.credentials();
    for (const entry of this.#options.entries) {
      if (this.#finished.has(entry.entityRef)) {
        continue;
      }
      let outcome: SeedOutcome;
      try {
        outcome = await this.#seed(entry, credentials);
      } catch (error) {
        this.#options.logger.warn(
          `Example keys: could not seed ${entry.entityRef}: ${(error as Error).message}`,
        );
        outcome = 'failed';
      }
      outcomes.set(entry.entityRef, outcome);
      if (outcome !== 'waiting-for-catalog' && outcome !== 'registration-failed') {
        this.#finished.add(entry.entityRef);
      }
    }
    return outcomes;
  }

  async #seed(entry: BackdatedKeySpec, credentials: BackstageCredentials): Promise<SeedOutcome> {
    const { logger } = this.#options;
    const pending = this.#unregistered.get(entry.entityRef);
    if (pending) {
      return this.#register(entry.entityRef, pending.environment, pending.clientId, credentials);
    }

    const current = this.#options.serviceAt(this.#now());
    let integration;
    try {
      const view = await current.getEntityIntegrations(entry.entityRef, credentials);
      if (view.invalid.some(i => i.entityRef === entry.entityRef)) {
        logger.warn(`Example keys: ${entry.entityRef} has invalid Maskinporten annotations; no key seeded`);
        return 'invalid';
      }
      integration = view.items.find(item => item.entityRef === entry.entityRef);
    } catch (error) {
      if (error instanceof NotFoundError) {
        return 'waiting-for-catalog';
      }
      throw error;
    }
    if (!integration) {
      logger.warn(`Example keys: ${entry.entityRef} has no Maskinporten annotations; no key seeded`);
      return 'invalid';
    }
    if (integration.keys.length > 0) {
      return 'skipped';
    }

    const createdAt = new Date(this.#now().getTime() - entry.ageDays * DAY_MS);
    const { key } = await this.#options
      .serviceAt(createdAt)
      .createKey(entry.entityRef, credentials);
    const expired = key.expiresAt !== undefined && new Date(key.expiresAt) <= this.#now();
    logger.info(
      `Example keys: created ${key.kid} for ${entry.entityRef} dated ${createdAt.toISOString()} (${expired ? 'expired' : `expires ${key.expiresAt}`})`,
    );
    // An expired key is not in the set a client uploads, so there is nothing to register.
    if (expired || !integration.clientId || !this.#options.simulatorEnvironments.has(integration.environment)) {
      return 'seeded';
    }
    return this.#register(entry.entityRef, integration.environment, integration.clientId, credentials);
  }

  /** Posts the integration's whole public key set, as Samarbeidsportalen would receive it. */
  async #register(
    entityRef: string,
    environment: string,
    clientId: string,
    credentials: BackstageCredentials,
  ): Promise<SeedOutcome> {
    const keys = await this.#options.serviceAt(this.#now()).getJwks(entityRef, credentials);
    try {
      await this.#options.digdir.replaceJwks(environment, clientId, keys);
    } catch (error) {
      this.#unregistered.set(entityRef, { environment, clientId });
      this.#options.logger.warn(
        `Example keys: could not register ${entityRef}'s keys with client ${clientId} in ${environment} (${(error as Error).message}); will retry`,
      );
      return 'registration-failed';
    }
    this.#unregistered.delete(entityRef);
    this.#options.logger.info(`Example keys: registered ${keys.length} key(s) for client ${clientId} (${environment})`);
    return 'seeded';
  }
}
