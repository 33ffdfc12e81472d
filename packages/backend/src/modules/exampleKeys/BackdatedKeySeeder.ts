import { LoggerService } from '@backstage/backend-plugin-api';
import { PublicJwk } from '@maskinporten-backstage/plugin-maskinporten-common';
import { MaskinportenStartupContext } from '@maskinporten-backstage/plugin-maskinporten-node';
import { BackdatedKeySpec, SimulatorRegistration } from './readExamplesConfig';

const DAY_MS = 86_400_000;

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
  /** What the Maskinporten plugin lends startup tasks: its key issuer and integration view. */
  context: MaskinportenStartupContext;
  /** Environments whose self-service API is a simulator: the only places keys are registered. */
  simulators: ReadonlyMap<string, SimulatorRegistration>;
  logger: LoggerService;
  now?: () => Date;
  fetchImpl?: typeof fetch;
}

/**
 * Development-only example data: gives integrations a key created `ageDays` ago, so the
 * portal shows keys that are about to expire or have expired. Keys are made by the plugin's
 * own key issuer on a backdated clock, so they are real, sealed keys; keys that are still
 * valid are registered with the environment's simulator so token tests succeed. An
 * integration that has any key is left alone, which makes runs idempotent.
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
    for (const entry of this.#options.entries) {
      if (this.#finished.has(entry.entityRef)) {
        continue;
      }
      let outcome: SeedOutcome;
      try {
        outcome = await this.#seed(entry);
      } catch (error) {
        this.#options.logger.warn(`Example keys: could not seed ${entry.entityRef}: ${(error as Error).message}`);
        outcome = 'failed';
      }
      outcomes.set(entry.entityRef, outcome);
      if (outcome !== 'waiting-for-catalog' && outcome !== 'registration-failed') {
        this.#finished.add(entry.entityRef);
      }
    }
    return outcomes;
  }

  async #seed(entry: BackdatedKeySpec): Promise<SeedOutcome> {
    const { logger, context } = this.#options;
    const pending = this.#unregistered.get(entry.entityRef);
    if (pending) {
      return this.#register(entry.entityRef, pending.environment, pending.clientId);
    }
    const lookup = await context.integrationOf(entry.entityRef);
    if (lookup.status === 'not-in-catalog') {
      return 'waiting-for-catalog';
    }
    if (lookup.status !== 'found') {
      logger.warn(
        `Example keys: ${entry.entityRef} has ${lookup.status === 'invalid' ? 'invalid' : 'no'} Maskinporten annotations; no key seeded`,
      );
      return 'invalid';
    }
    const integration = lookup.integration;
    if (integration.keys.length > 0) {
      return 'skipped';
    }
    const createdAt = new Date(this.#now().getTime() - entry.ageDays * DAY_MS);
    const key = await context.issueKey(entry.entityRef, { createdAt });
    const expired = key.expiresAt !== undefined && key.expiresAt <= this.#now();
    logger.info(
      `Example keys: created ${key.kid} for ${entry.entityRef} dated ${createdAt.toISOString()} (${
        expired ? 'expired' : `expires ${key.expiresAt?.toISOString()}`
      })`,
    );
    // An expired key is not in the set a client uploads, so there is nothing to register.
    if (expired || !integration.clientId || !this.#options.simulators.has(integration.environment)) {
      return 'seeded';
    }
    return this.#register(entry.entityRef, integration.environment, integration.clientId);
  }

  /** Posts the integration's whole public key set, as Samarbeidsportalen would receive it. */
  async #register(entityRef: string, environment: string, clientId: string): Promise<SeedOutcome> {
    const keys = await this.#options.context.publicKeys(entityRef);
    try {
      await this.#post(this.#options.simulators.get(environment)!, clientId, keys);
    } catch (error) {
      this.#unregistered.set(entityRef, { environment, clientId });
      this.#options.logger.warn(
        `Example keys: could not register ${entityRef}'s keys with client ${clientId} in ${environment} (${
          (error as Error).message
        }); will retry`,
      );
      return 'registration-failed';
    }
    this.#unregistered.delete(entityRef);
    await this.#options.context.recordRegistered(entityRef, keys.map(key => key.kid), this.#now());
    this.#options.logger.info(`Example keys: registered ${keys.length} key(s) for client ${clientId} (${environment})`);
    return 'seeded';
  }

  /** `POST /clients/{id}/jwks` on the simulator's self-service API (Digdir's route). */
  async #post(simulator: SimulatorRegistration, clientId: string, keys: PublicJwk[]) {
    const response = await (this.#options.fetchImpl ?? fetch)(
      `${simulator.baseUrl}/clients/${encodeURIComponent(clientId)}/jwks`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${simulator.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ keys }),
        signal: AbortSignal.timeout(10_000),
      },
    );
    if (!response.ok) {
      throw new Error(`the simulator answered ${response.status}`);
    }
  }
}
