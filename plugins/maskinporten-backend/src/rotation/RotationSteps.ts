import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  KeyRotationPhase,
  MAX_KEYS_PER_CLIENT,
  TokenTestResult,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { ClientClaims } from '../access/clientClaims';
import { IntegrationRef, KeyLimitError, KeyStore, RotationRecord, RotationStore } from '../database';
import { DigdirSelfService, DigdirUnavailableError, RegisteredJwk, TooManyKeysError } from '../digdir/types';
import { publicMembers } from '../digdir/selfServiceResponses';
import { KeyIssuer } from '../keys/KeyIssuer';
import { usableKeys } from '../keys/keyViews';
import { TokenTester } from '../tokenTests/TokenTester';
import { KeyPropagationOptions } from '../tokenTests/keyPropagation';
import { RotationConfig } from './readRotationConfig';

/** Who the rotation's own token tests and automatic rotations are recorded as. */
export const ROTATION_PRINCIPAL = 'maskinporten-key-rotation';

/** What the steps need; the rotation service passes its own options through. */
export interface RotationStepsOptions {
  rotationConfig: RotationConfig;
  keys: KeyStore;
  rotations: RotationStore;
  issuer: KeyIssuer;
  tester: TokenTester;
  /** Digdir's self-service API; without it (or for environments it does not cover) rotation is manual. */
  digdir?: DigdirSelfService;
  /** Every Digdir write first checks that the integration holds its client id. */
  clientClaims: Pick<ClientClaims, 'assertHeld' | 'claimsOf'>;
  logger: LoggerService;
  now: () => Date;
  /** How long an unattended verification keeps asking while Digdir propagates the new key (0-2 minutes). */
  keyPropagation?: KeyPropagationOptions;
  /**
   * Test seam: runs after a step has committed. Throwing here is how tests stand in for a
   * process killed between two steps.
   */
  afterStep?: (phase: KeyRotationPhase, rotation: RotationRecord) => Promise<void> | void;
}

/**
 * The steps of a rotation. Each reads the rotation afresh, does one thing, and records it with
 * a compare-and-set on the phase, so any runner (a request, the scheduled task, another
 * replica, the next process after a crash) can take the next step, and none is done twice.
 */
export class RotationSteps {
  readonly #o: RotationStepsOptions;

  constructor(options: RotationStepsOptions) {
    this.#o = options;
  }

  /** Takes the one step the rotation's phase calls for; `progressed` says whether to go on. */
  async step(
    rotation: RotationRecord,
    options: { retireNow?: boolean },
  ): Promise<{ progressed: boolean; verification?: TokenTestResult }> {
    switch (rotation.phase) {
      case 'started':
        await this.#generate(rotation);
        return { progressed: true };
      case 'generated':
        if (rotation.mode === 'manual') {
          await this.transition(rotation, 'awaiting-upload');
          return { progressed: false };
        }
        await this.#register(rotation);
        return { progressed: true };
      case 'registered': {
        const verification = await this.verify(rotation);
        // No verification means the rotation just failed; the loop re-reads and stops.
        return { progressed: !verification || verification.outcome === 'success', verification };
      }
      case 'verified':
        if (rotation.mode === 'manual') {
          return { progressed: false };
        }
        if (!options.retireNow && rotation.retireAfter && this.#o.now() < rotation.retireAfter) {
          return { progressed: false };
        }
        await this.#retire(rotation);
        return { progressed: true };
      default:
        // awaiting-upload waits for the user; the rest are final.
        return { progressed: false };
    }
  }

  async #generate(rotation: RotationRecord) {
    try {
      // Undefined when another runner generated first: its key is the one; ours is not stored.
      const key = await this.#o.issuer.issue(rotation, {
        createdBy: rotation.startedBy,
        now: this.#o.now(),
        within: (tx, minted) => this.#o.rotations.claimGeneration(tx, rotation.id, minted.kid, this.#o.now()),
      });
      if (!key) {
        return;
      }
    } catch (error) {
      if (!(error instanceof KeyLimitError)) {
        throw error;
      }
      await this.fail(rotation, `${error.message}; retire a key before rotating.`);
      return;
    }
    await this.#afterStep('generated', rotation);
  }

  /** Posts the whole intended set: what Digdir holds now (unexpired) plus the new key. */
  async #register(rotation: RotationRecord) {
    const newKey = await this.newKey(rotation);
    if (!newKey) {
      return;
    }
    const done = await this.withDigdir(rotation, async digdir => {
      const now = this.#o.now();
      const current = await digdir.getJwks(rotation.environment, rotation.clientId);
      const keep = current
        .filter(key => key.kid !== newKey.kid)
        .filter(key => key.exp === undefined || key.exp * 1000 > now.getTime())
        .map(publicMembers);
      const intended = [...keep, publicMembers(newKey.publicJwk)];
      if (intended.length > MAX_KEYS_PER_CLIENT) {
        await this.fail(
          rotation,
          `Client ${rotation.clientId} already holds ${keep.length} unexpired keys in Digdir; with the new key that would be ${intended.length}, more than the ${MAX_KEYS_PER_CLIENT} Maskinporten allows. Remove a key and start again.`,
        );
        return false;
      }
      const result = await digdir.replaceJwks(rotation.environment, rotation.clientId, intended);
      await this.recordExpiries(rotation, result);
      return true;
    });
    if (!done) {
      return;
    }
    await this.transition(rotation, 'registered', { registeredAt: this.#o.now() });
    await this.#afterStep('registered', rotation);
  }

  /**
   * Requests a token with the new key, with the integration's whole grant (scopes, resource,
   * consumer_org) through the one token tester; success makes the new key active.
   */
  async verify(rotation: RotationRecord): Promise<TokenTestResult | undefined> {
    const { rotations, rotationConfig, logger, tester, issuer } = this.#o;
    const now = this.#o.now();
    const newKey = await this.newKey(rotation);
    if (!newKey) {
      // The rotation has just been marked failed.
      return undefined;
    }
    let result: TokenTestResult;
    try {
      // A self-service rotation runs unattended and waits out Digdir's propagation; in the
      // manual flow a person has just clicked "I have uploaded it" and hears at once.
      result = await tester.test(rotation, newKey, {
        requestedBy: ROTATION_PRINCIPAL,
        now,
        propagation: rotation.mode === 'self-service' ? { now: this.#o.now, ...this.#o.keyPropagation } : undefined,
      });
    } catch (error) {
      await rotations.recordFailure(rotation.id, rotation.phase, (error as Error).message, now);
      throw new ConflictError((error as Error).message);
    }
    if (result.outcome !== 'success') {
      // Maskinporten can take minutes to accept a new key: not a failure of the rotation.
      await rotations.recordFailure(rotation.id, rotation.phase, `Verification: ${result.message}`, now);
      return result;
    }
    await rotations.markVerified(rotation, {
      now,
      retireAfter: new Date(now.getTime() + rotationConfig.gracePeriodHours * 3_600_000),
    });
    await issuer.refreshIndexedExpiry(rotation, now);
    logger.info(
      `Key rotation ${rotation.id}: the new key ${newKey.kid} of ${rotation.entityRef} passed a token test and is now active`,
    );
    await this.#afterStep('verified', rotation);
    return result;
  }

  /** Removes the old keys from the registered set, never the new one. */
  async #retire(rotation: RotationRecord) {
    const proceed = await this.withDigdir(rotation, async digdir => {
      const current = await digdir.getJwks(rotation.environment, rotation.clientId);
      if (!current.some(key => key.kid === rotation.newKid)) {
        await this.#o.rotations.recordFailure(
          rotation.id,
          rotation.phase,
          `The new key ${rotation.newKid} is no longer registered on client ${rotation.clientId}; the old keys stay until it is.`,
          this.#o.now(),
        );
        return false;
      }
      const keep = current.filter(key => !rotation.oldKids.includes(key.kid));
      if (keep.length !== current.length) {
        const result = await digdir.replaceJwks(rotation.environment, rotation.clientId, keep.map(publicMembers));
        await this.recordExpiries(rotation, result);
      }
      return true;
    });
    if (proceed) {
      await this.finishRetirement(rotation);
    }
  }

  async finishRetirement(rotation: RotationRecord) {
    await this.#o.rotations.markRetired(rotation, this.#o.now());
    await this.#o.issuer.refreshIndexedExpiry(rotation, this.#o.now());
    this.#o.logger.info(
      `Key rotation ${rotation.id} for ${rotation.entityRef} finished: retired ${rotation.oldKids.join(', ') || 'no keys'}`,
    );
    await this.#afterStep('retired', rotation);
  }

  /**
   * Runs Digdir calls for one client under its lease, after checking that the integration
   * still holds the client id. Digdir failures are recorded on the rotation and rethrown.
   */
  async withDigdir<T>(rotation: RotationRecord, fn: (digdir: DigdirSelfService) => Promise<T>): Promise<T> {
    const { digdir, rotations } = this.#o;
    if (!digdir || !digdir.isConfigured(rotation.environment)) {
      const message = `Digdir's self-service API is not configured for ${rotation.environment}`;
      await rotations.recordFailure(rotation.id, rotation.phase, message, this.#o.now());
      throw new ConflictError(message);
    }
    try {
      // Checked at every step, not only at start: the annotation may have changed since.
      await this.#o.clientClaims.assertHeld(rotation, ROTATION_PRINCIPAL);
      return await rotations.withClientLock(rotation.environment, rotation.clientId, () => fn(digdir));
    } catch (error) {
      if (
        error instanceof DigdirUnavailableError ||
        error instanceof TooManyKeysError ||
        error instanceof ConflictError ||
        isDigdirError(error)
      ) {
        await rotations.recordFailure(rotation.id, rotation.phase, `Digdir: ${(error as Error).message}`, this.#o.now());
      }
      throw error;
    }
  }

  /** Records each key's `exp` as Digdir read it back, and when it was posted. */
  async recordExpiries(integration: IntegrationRef, registered: RegisteredJwk[]) {
    const expiries = new Map<string, Date>();
    for (const key of registered) {
      if (typeof key.exp === 'number') {
        expiries.set(key.kid, new Date(key.exp * 1000));
      }
    }
    await this.#o.keys.recordRegistration(integration, expiries, this.#o.now());
  }

  /** The rotation's new key; a rotation whose key has vanished or expired fails. */
  async newKey(rotation: RotationRecord) {
    const key = rotation.newKid ? await this.#o.keys.get(rotation.newKid) : undefined;
    if (!key || usableKeys([key], this.#o.now()).length === 0) {
      await this.fail(rotation, `The new key ${rotation.newKid ?? '(none)'} is missing or no longer usable.`);
      return undefined;
    }
    return key;
  }

  async transition(rotation: RotationRecord, to: KeyRotationPhase, patch: { registeredAt?: Date } = {}) {
    await this.#o.rotations.transition(rotation.id, rotation.phase, {
      phase: to,
      lastError: undefined,
      attempts: 0,
      now: this.#o.now(),
      ...patch,
    });
  }

  async fail(rotation: RotationRecord, message: string) {
    this.#o.logger.warn(`Key rotation ${rotation.id} for ${rotation.entityRef} failed: ${message}`);
    await this.#o.rotations.end(rotation, { phase: 'failed', from: [rotation.phase], now: this.#o.now(), message });
  }

  async get(id: string): Promise<RotationRecord> {
    const rotation = await this.#o.rotations.get(id);
    if (!rotation) {
      throw new NotFoundError(`No key rotation ${id}`);
    }
    return rotation;
  }

  async #afterStep(phase: KeyRotationPhase, rotation: RotationRecord) {
    await this.#o.afterStep?.(phase, rotation);
  }
}

function isDigdirError(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === 'DigdirRejectedError' || name === 'DigdirUnavailableError';
}
