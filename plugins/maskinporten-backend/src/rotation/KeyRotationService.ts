import { createPrivateKey, randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  KeyRotationPhase,
  KeyRotationView,
  PublicJwk,
  TokenTestResult,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { MaskinportenConfig } from '../config/readMaskinportenConfig';
import { IntegrationRef, KeyLimitError, MaskinportenStore, StoredKey } from '../database/MaskinportenStore';
import {
  DigdirSelfService,
  DigdirUnavailableError,
  MAX_REGISTERED_KEYS,
  RegisteredJwk,
  TooManyKeysError,
} from '../digdir/types';
import { KeyEncryption } from '../keys/KeyEncryption';
import { createKid, generateRsaKey } from '../keys/generateKeyPair';
import { KeyPropagationOptions, requestTokenWithNewKey } from '../maskinporten/keyPropagation';
import { describeTokenResponse } from '../integrations/MaskinportenService';
import { integrationExpiryKey, toJwkSet, usableKeys } from '../integrations/keyViews';
import { normalizeRef } from '../database/columns';
import { RotationConfig } from './readRotationConfig';
import { RotationRecord, RotationStore } from './RotationStore';

/** Who the rotation's own token tests and automatic rotations are recorded as. */
export const ROTATION_PRINCIPAL = 'maskinporten-key-rotation';
const DAY_MS = 86_400_000;
/** A failed automatic rotation is not retried by itself sooner than this. */
const AUTO_ROTATE_BACKOFF_MS = DAY_MS;

/** What a rotation needs to know about the integration; the catalog is consulted by the caller. */
export interface RotationTarget {
  entityRef: string;
  environment: string;
  clientId?: string;
  scopes: string[];
}

export interface KeyRotationServiceOptions {
  config: MaskinportenConfig;
  rotationConfig: RotationConfig;
  store: MaskinportenStore;
  rotations: RotationStore;
  /** Digdir's self-service API; without it (or for environments it does not cover) rotation is manual. */
  digdir?: DigdirSelfService;
  keyEncryption: KeyEncryption;
  logger: LoggerService;
  now?: () => Date;
  fetchImpl?: typeof fetch;
  /** How long verification keeps asking while Digdir propagates the new key (0-2 minutes). */
  keyPropagation?: KeyPropagationOptions;
  /**
   * Test seam: runs after a step has committed. Throwing here is how tests stand in for a
   * process killed between two steps.
   */
  afterStep?: (phase: KeyRotationPhase, rotation: RotationRecord) => Promise<void> | void;
}

export interface RotationStepResult {
  rotation: KeyRotationView;
  /** The verification token test, when this call ran one. */
  verification?: TokenTestResult;
}

/**
 * Rotates an integration's key with a sliding window: generate a new key, register it next
 * to the old ones, confirm it with a token test, and only then let the old keys go. Every
 * step is persisted before the next starts and can be repeated, so any runner (a request,
 * the scheduled task, another replica, the next process after a crash) can pick up where
 * the last one stopped.
 */
export class KeyRotationService {
  readonly #options: KeyRotationServiceOptions;
  readonly #now: () => Date;

  constructor(options: KeyRotationServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  isSelfService(environment: string): boolean {
    return this.#options.digdir?.isConfigured(environment) ?? false;
  }

  /** Starts a rotation, or returns the open one, then takes it as far as it can go now. */
  async start(
    target: RotationTarget,
    startedBy: string,
  ): Promise<RotationStepResult & { created: boolean }> {
    const { rotations } = this.#options;
    if (!target.clientId) {
      throw new ConflictError(
        `${target.entityRef} has no client id yet; a rotation replaces keys on a registered client (maskinporten.no/client-id).`,
      );
    }
    const existing = await rotations.getOpen(target);
    if (existing) {
      return { rotation: await this.toView(existing), created: false };
    }
    const now = this.#now();
    const usable = usableKeys(await this.#options.store.listKeys(target), now);
    if (usable.length >= MAX_REGISTERED_KEYS) {
      throw new ConflictError(
        `${target.entityRef} already has ${usable.length} unexpired keys, the most Maskinporten allows per client; a rotation needs room for one more.`,
      );
    }
    const { rotation, created } = await rotations.createOrGetOpen({
      id: randomUUID(),
      entityRef: target.entityRef,
      environment: target.environment,
      clientId: target.clientId,
      scopes: target.scopes,
      mode: this.isSelfService(target.environment) ? 'self-service' : 'manual',
      phase: 'started',
      open: true,
      oldKids: usable.map(key => key.kid),
      attempts: 0,
      startedBy,
      createdAt: now,
      updatedAt: now,
    });
    if (!created) {
      return { rotation: await this.toView(rotation), created };
    }
    this.#options.logger.info(
      `Key rotation ${rotation.id} started for ${target.entityRef} (${target.environment}, ${rotation.mode}) by ${startedBy}`,
    );
    return { ...(await this.advance(rotation.id)), created };
  }

  /**
   * Runs every step that can run now. Throws `DigdirUnavailableError` (503) when Digdir is
   * down; the failure is recorded and the phase kept for the next run.
   */
  async advance(id: string, options: { retireNow?: boolean } = {}): Promise<RotationStepResult> {
    let verification: TokenTestResult | undefined;
    // Bounded: a rotation has five forward steps; the margin covers steps another runner took.
    for (let i = 0; i < 10; i++) {
      const rotation = await this.#get(id);
      if (!rotation.open) {
        break;
      }
      const step = await this.#step(rotation, options);
      verification = step.verification ?? verification;
      if (!step.progressed) {
        break;
      }
    }
    return { rotation: await this.toView(await this.#get(id)), verification };
  }

  /**
   * The manual flow's "I have uploaded it": verifies the new key by a token test, or, once
   * verified, records that the old keys have been removed in Samarbeidsportalen.
   */
  async confirmUploaded(id: string): Promise<RotationStepResult> {
    const rotation = await this.#get(id);
    if (rotation.mode !== 'manual') {
      throw new ConflictError(
        `Rotation ${id} posts keys to Digdir itself; there is nothing to confirm. Use advance instead.`,
      );
    }
    if (rotation.phase === 'awaiting-upload') {
      const verification = await this.#verify(rotation);
      return { rotation: await this.toView(await this.#get(id)), verification };
    }
    if (rotation.phase === 'verified') {
      await this.#finishRetirement(rotation);
      return { rotation: await this.toView(await this.#get(id)) };
    }
    throw new ConflictError(
      `Rotation ${id} is ${rotation.phase}; an upload can only be confirmed while it is awaiting-upload or verified.`,
    );
  }

  /**
   * Abandons a rotation before its new key took over. A self-service rotation first takes the
   * new key out of the registered set again.
   */
  async cancel(id: string): Promise<RotationStepResult> {
    const rotation = await this.#get(id);
    const cancellable: KeyRotationPhase[] = ['started', 'generated', 'registered', 'awaiting-upload'];
    if (!cancellable.includes(rotation.phase)) {
      throw new ConflictError(
        `Rotation ${id} is ${rotation.phase}; only a rotation whose new key has not yet taken over can be cancelled.`,
      );
    }
    if (rotation.mode === 'self-service' && rotation.newKid) {
      await this.#withDigdir(rotation, async digdir => {
        const current = await digdir.getJwks(rotation.environment, rotation.clientId);
        if (current.some(key => key.kid === rotation.newKid)) {
          const keep = current.filter(key => key.kid !== rotation.newKid).map(publicPart);
          const result = await digdir.replaceJwks(rotation.environment, rotation.clientId, keep);
          await this.#recordExpiries(rotation, result);
        }
      });
    }
    await this.#options.rotations.end(rotation, {
      phase: 'cancelled',
      from: cancellable,
      now: this.#now(),
    });
    await this.#refreshIndexExpiry(rotation);
    this.#options.logger.info(`Key rotation ${id} for ${rotation.entityRef} cancelled`);
    return { rotation: await this.toView(await this.#get(id)) };
  }

  async current(integration: IntegrationRef): Promise<KeyRotationView | undefined> {
    const rotation = await this.#options.rotations.current(integration);
    return rotation ? this.toView(rotation) : undefined;
  }

  /**
   * The open rotations among these integrations, for the self-service listing. Open
   * rotations are few at any time, so one query for all of them beats one per row.
   */
  async openFor(entityRefs: string[]): Promise<KeyRotationView[]> {
    const wanted = new Set(entityRefs.map(normalizeRef));
    const open = await this.#options.rotations.listOpen();
    return Promise.all(
      open.filter(rotation => wanted.has(normalizeRef(rotation.entityRef))).map(r => this.toView(r)),
    );
  }

  /** The scheduled task: advance open rotations, start automatic ones, renew keys near expiry. */
  async runScheduled(): Promise<{ advanced: number; started: number; renewed: number }> {
    const { rotations, logger } = this.#options;
    let advanced = 0;
    for (const rotation of await rotations.listOpen()) {
      try {
        const before = rotation.phase;
        const { rotation: after } = await this.advance(rotation.id);
        if (after.phase !== before) {
          advanced++;
        }
      } catch (error) {
        logger.warn(
          `Key rotation ${rotation.id} for ${rotation.entityRef} (${rotation.phase}) did not advance: ${(error as Error).message}`,
        );
      }
    }
    const started = await this.#autoRotate();
    const renewed = await this.renew();
    return { advanced, started, renewed };
  }

  /**
   * Re-posts the registered set of every self-service client whose active key expires within
   * `renewWithinDays`: Digdir restarts each posted key's year. Records each `exp` as read back.
   */
  async renew(): Promise<number> {
    const { digdir, rotations, rotationConfig, logger } = this.#options;
    if (!digdir) {
      return 0;
    }
    const now = this.#now();
    const candidates = await rotations.listActiveKeysExpiringBefore(
      new Date(now.getTime() + rotationConfig.renewWithinDays * DAY_MS),
    );
    const clients = new Map<string, typeof candidates>();
    for (const candidate of candidates) {
      if (!digdir.isConfigured(candidate.environment)) {
        continue;
      }
      const id = `${candidate.entityRef}|${candidate.environment}|${candidate.clientId}`;
      clients.set(id, [...(clients.get(id) ?? []), candidate]);
    }
    let renewed = 0;
    for (const group of clients.values()) {
      const { entityRef, environment, clientId } = group[0];
      // An open rotation re-posts the set itself, and must not race a renewal.
      if (await rotations.getOpen({ entityRef, environment })) {
        continue;
      }
      try {
        const current = await digdir.getJwks(environment, clientId);
        const registered = group.filter(c => current.some(key => key.kid === c.kid));
        if (registered.length === 0) {
          logger.warn(
            `Not renewing ${entityRef} (${environment}): its active key is not registered on client ${clientId}`,
          );
          continue;
        }
        const result = await digdir.replaceJwks(environment, clientId, current.map(publicPart));
        await this.#recordExpiries({ entityRef, environment }, result);
        await this.#refreshIndexExpiry({ entityRef, environment });
        renewed++;
        logger.info(
          `Renewed the registered keys of ${entityRef} (${environment}, client ${clientId}): ${describeExpiries(result)}`,
        );
      } catch (error) {
        logger.warn(`Could not renew the keys of ${entityRef} (${environment}): ${(error as Error).message}`);
      }
    }
    return renewed;
  }

  async #autoRotate(): Promise<number> {
    const { digdir, rotations, rotationConfig, logger } = this.#options;
    if (!digdir || rotationConfig.autoRotateWithinDays === undefined) {
      return 0;
    }
    const now = this.#now();
    const candidates = await rotations.listActiveKeysExpiringBefore(
      new Date(now.getTime() + rotationConfig.autoRotateWithinDays * DAY_MS),
    );
    const seen = new Set<string>();
    let started = 0;
    for (const { entityRef, environment } of candidates) {
      const id = `${entityRef}|${environment}`;
      if (seen.has(id) || !digdir.isConfigured(environment)) {
        continue;
      }
      seen.add(id);
      const last = await rotations.current({ entityRef, environment });
      if (last?.open) {
        continue;
      }
      if (last?.phase === 'failed' && now.getTime() - last.updatedAt.getTime() < AUTO_ROTATE_BACKOFF_MS) {
        continue;
      }
      const indexed = await rotations.getIndexedClient({ entityRef, environment });
      if (!indexed?.clientId || indexed.scopes.length === 0) {
        continue;
      }
      try {
        await this.start(
          { entityRef, environment, clientId: indexed.clientId, scopes: indexed.scopes },
          ROTATION_PRINCIPAL,
        );
        started++;
      } catch (error) {
        logger.warn(`Could not start an automatic rotation for ${entityRef} (${environment}): ${(error as Error).message}`);
      }
    }
    return started;
  }

  async #step(
    rotation: RotationRecord,
    options: { retireNow?: boolean },
  ): Promise<{ progressed: boolean; verification?: TokenTestResult }> {
    switch (rotation.phase) {
      case 'started':
        await this.#generate(rotation);
        return { progressed: true };
      case 'generated':
        if (rotation.mode === 'manual') {
          await this.#transition(rotation, 'awaiting-upload');
          return { progressed: false };
        }
        await this.#register(rotation);
        return { progressed: true };
      case 'registered': {
        const verification = await this.#verify(rotation);
        // No verification means the rotation just failed; the loop re-reads and stops.
        return { progressed: !verification || verification.outcome === 'success', verification };
      }
      case 'verified':
        if (rotation.mode === 'manual') {
          return { progressed: false };
        }
        if (!options.retireNow && rotation.retireAfter && this.#now() < rotation.retireAfter) {
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
    const { config, keyEncryption, rotations } = this.#options;
    const now = this.#now();
    const generated = await generateRsaKey({
      kid: createKid({
        prefix: config.keys.kidPrefix,
        environment: rotation.environment,
        entityName: parseEntityRef(rotation.entityRef).name,
        now,
      }),
      modulusLength: config.keys.modulusLength,
    });
    const key: StoredKey = {
      id: randomUUID(),
      kid: generated.kid,
      entityRef: rotation.entityRef,
      environment: rotation.environment,
      clientId: rotation.clientId,
      algorithm: generated.publicJwk.alg,
      modulusLength: generated.modulusLength,
      publicJwk: generated.publicJwk,
      privateKeyCiphertext: keyEncryption.encrypt(generated.privateKeyPem, generated.kid),
      encryptionSecretId: keyEncryption.currentSecretId,
      state: 'pending',
      createdBy: rotation.startedBy,
      createdAt: now,
      // Replaced by Digdir's `exp` once the key is posted.
      expiresAt: new Date(now.getTime() + config.keys.lifetimeDays * DAY_MS),
    };
    try {
      // False when another runner generated first: its key is the one; ours is dropped unsaved.
      await rotations.recordGeneratedKey(rotation.id, key, {
        maxLiveKeys: MAX_REGISTERED_KEYS,
        now,
      });
    } catch (error) {
      if (!(error instanceof KeyLimitError)) {
        throw error;
      }
      await this.#fail(rotation, `${error.message}; retire a key before rotating.`);
      return;
    }
    await this.#afterStep('generated', rotation);
  }

  /** Posts the whole intended set: what Digdir holds now (unexpired) plus the new key. */
  async #register(rotation: RotationRecord) {
    const newKey = await this.#newKey(rotation);
    if (!newKey) {
      return;
    }
    const done = await this.#withDigdir(rotation, async digdir => {
      const now = this.#now();
      const current = await digdir.getJwks(rotation.environment, rotation.clientId);
      const keep = current
        .filter(key => key.kid !== newKey.kid)
        .filter(key => key.exp === undefined || key.exp * 1000 > now.getTime())
        .map(publicPart);
      const intended = [...keep, publicPart(newKey.publicJwk)];
      if (intended.length > MAX_REGISTERED_KEYS) {
        await this.#fail(
          rotation,
          `Client ${rotation.clientId} already holds ${keep.length} unexpired keys in Digdir; with the new key that would be ${intended.length}, more than the ${MAX_REGISTERED_KEYS} Maskinporten allows. Remove a key and start again.`,
        );
        return false;
      }
      const result = await digdir.replaceJwks(rotation.environment, rotation.clientId, intended);
      await this.#recordExpiries(rotation, result);
      return true;
    });
    if (!done) {
      return;
    }
    await this.#transition(rotation, 'registered', { registeredAt: this.#now() });
    await this.#afterStep('registered', rotation);
  }

  /** Signs a grant with the new key and asks for a token; success makes the new key active. */
  async #verify(rotation: RotationRecord): Promise<TokenTestResult | undefined> {
    const { config, keyEncryption, store, rotations, rotationConfig, logger } = this.#options;
    const environment = config.environments.get(rotation.environment);
    const now = this.#now();
    if (!environment) {
      const message = `Environment ${rotation.environment} is not configured under maskinporten.environments`;
      await rotations.recordFailure(rotation.id, rotation.phase, message, now);
      throw new ConflictError(message);
    }
    const newKey = await this.#newKey(rotation);
    if (!newKey) {
      // The rotation has just been marked failed.
      return undefined;
    }
    const started = performance.now();
    // A key registered a moment ago may not have reached the token endpoint yet (MP-100):
    // an unattended (self-service) rotation asks again, with a fresh grant each time, for as
    // long as Digdir's propagation takes. In the manual flow a person has just clicked "I have
    // uploaded it" and hears at once that the key is not accepted yet.
    const { result: response } = await requestTokenWithNewKey(
      {
        issuer: environment.issuer,
        tokenEndpoint: environment.tokenEndpoint,
        clientId: rotation.clientId,
        scopes: rotation.scopes,
        kid: newKey.kid,
        privateKey: createPrivateKey(keyEncryption.decrypt(newKey.privateKeyCiphertext, newKey.kid)),
        grantLifetimeSeconds: config.grantLifetimeSeconds,
        timeoutMs: config.tokenTests.timeoutMs,
        fetchImpl: this.#options.fetchImpl,
      },
      { now: this.#now, ...(rotation.mode === 'self-service' ? this.#options.keyPropagation : { maxWaitMs: 0 }) },
    );
    const result: TokenTestResult = {
      id: randomUUID(),
      entityRef: rotation.entityRef,
      environment: rotation.environment,
      clientId: rotation.clientId,
      kid: newKey.kid,
      requestedBy: ROTATION_PRINCIPAL,
      requestedAt: now.toISOString(),
      durationMs: Math.round(performance.now() - started),
      ...describeTokenResponse(response, environment.name),
    };
    await store.insertTokenTest(result);
    if (result.outcome !== 'success') {
      // Maskinporten can take minutes to accept a new key: not a failure of the rotation.
      await rotations.recordFailure(rotation.id, rotation.phase, `Verification: ${result.message}`, now);
      return result;
    }
    await rotations.markVerified(rotation, {
      now,
      retireAfter: new Date(now.getTime() + rotationConfig.gracePeriodHours * 3_600_000),
    });
    await this.#refreshIndexExpiry(rotation);
    logger.info(
      `Key rotation ${rotation.id}: the new key ${newKey.kid} of ${rotation.entityRef} passed a token test and is now active`,
    );
    await this.#afterStep('verified', rotation);
    return result;
  }

  /** Removes the old keys from the registered set, never the new one. */
  async #retire(rotation: RotationRecord) {
    const proceed = await this.#withDigdir(rotation, async digdir => {
      const current = await digdir.getJwks(rotation.environment, rotation.clientId);
      if (!current.some(key => key.kid === rotation.newKid)) {
        await this.#options.rotations.recordFailure(
          rotation.id,
          rotation.phase,
          `The new key ${rotation.newKid} is no longer registered on client ${rotation.clientId}; the old keys stay until it is.`,
          this.#now(),
        );
        return false;
      }
      const keep = current.filter(key => !rotation.oldKids.includes(key.kid));
      if (keep.length !== current.length) {
        const result = await digdir.replaceJwks(
          rotation.environment,
          rotation.clientId,
          keep.map(publicPart),
        );
        await this.#recordExpiries(rotation, result);
      }
      return true;
    });
    if (proceed) {
      await this.#finishRetirement(rotation);
    }
  }

  async #finishRetirement(rotation: RotationRecord) {
    await this.#options.rotations.markRetired(rotation, this.#now());
    await this.#refreshIndexExpiry(rotation);
    this.#options.logger.info(
      `Key rotation ${rotation.id} for ${rotation.entityRef} finished: retired ${rotation.oldKids.join(', ') || 'no keys'}`,
    );
    await this.#afterStep('retired', rotation);
  }

  /**
   * Runs Digdir calls for one client. On PostgreSQL an advisory lock held for the duration
   * serialises read-modify-write of the client's key set across replicas and integrations
   * that share the client id. Digdir failures are recorded on the rotation and rethrown.
   */
  async #withDigdir<T>(
    rotation: RotationRecord,
    fn: (digdir: DigdirSelfService) => Promise<T>,
  ): Promise<T> {
    const { digdir, rotations } = this.#options;
    if (!digdir || !digdir.isConfigured(rotation.environment)) {
      const message = `Digdir's self-service API is not configured for ${rotation.environment}`;
      await rotations.recordFailure(rotation.id, rotation.phase, message, this.#now());
      throw new ConflictError(message);
    }
    try {
      return await rotations.withClientLock(rotation.environment, rotation.clientId, () => fn(digdir));
    } catch (error) {
      if (error instanceof DigdirUnavailableError || error instanceof TooManyKeysError || isDigdirError(error)) {
        await rotations.recordFailure(
          rotation.id,
          rotation.phase,
          `Digdir: ${(error as Error).message}`,
          this.#now(),
        );
      }
      throw error;
    }
  }

  async #recordExpiries(integration: IntegrationRef, registered: RegisteredJwk[]) {
    const expiries = new Map<string, Date>();
    for (const key of registered) {
      if (typeof key.exp === 'number') {
        expiries.set(key.kid, new Date(key.exp * 1000));
      }
    }
    await this.#options.rotations.recordRegistration(integration, expiries, this.#now());
  }

  async #refreshIndexExpiry(integration: IntegrationRef) {
    const keys = await this.#options.store.listKeys(integration);
    await this.#options.store.setIntegrationExpiry(
      integration.entityRef,
      integrationExpiryKey(keys, this.#now())?.expiresAt,
    );
  }

  async #newKey(rotation: RotationRecord): Promise<StoredKey | undefined> {
    const keys = await this.#options.store.listKeys(rotation);
    const key = keys.find(k => k.kid === rotation.newKid);
    if (!key || usableKeys([key], this.#now()).length === 0) {
      await this.#fail(rotation, `The new key ${rotation.newKid ?? '(none)'} is missing or no longer usable.`);
      return undefined;
    }
    return key;
  }

  async #transition(
    rotation: RotationRecord,
    to: KeyRotationPhase,
    patch: { registeredAt?: Date } = {},
  ) {
    await this.#options.rotations.transition(rotation.id, rotation.phase, {
      phase: to,
      lastError: undefined,
      attempts: 0,
      now: this.#now(),
      ...patch,
    });
  }

  async #fail(rotation: RotationRecord, message: string) {
    this.#options.logger.warn(`Key rotation ${rotation.id} for ${rotation.entityRef} failed: ${message}`);
    await this.#options.rotations.end(rotation, {
      phase: 'failed',
      from: [rotation.phase],
      now: this.#now(),
      message,
    });
  }

  async #afterStep(phase: KeyRotationPhase, rotation: RotationRecord) {
    await this.#options.afterStep?.(phase, rotation);
  }

  async #get(id: string): Promise<RotationRecord> {
    const rotation = await this.#options.rotations.get(id);
    if (!rotation) {
      throw new NotFoundError(`No key rotation ${id}`);
    }
    return rotation;
  }

  async toView(rotation: RotationRecord): Promise<KeyRotationView> {
    const now = this.#now();
    let jwks: PublicJwk[] | undefined;
    if (rotation.mode === 'manual' && (rotation.phase === 'awaiting-upload' || rotation.phase === 'verified')) {
      const keys = await this.#options.store.listKeys(rotation);
      jwks = toJwkSet(
        rotation.phase === 'verified' ? keys.filter(k => !rotation.oldKids.includes(k.kid)) : keys,
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
      nextStep: describeNextStep(rotation),
      jwks,
    };
  }
}

function describeNextStep(rotation: RotationRecord): string {
  const manual = rotation.mode === 'manual';
  switch (rotation.phase) {
    case 'started':
      return 'Generating the new key.';
    case 'generated':
      return manual ? 'Preparing the key set to upload.' : "Registering the new key next to the old ones with Digdir's self-service API.";
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

/** Exactly the six public members Digdir accepts: never `exp`, never anything private. */
function publicPart(key: PublicJwk | RegisteredJwk): PublicJwk {
  return { kty: key.kty, alg: key.alg, use: key.use, kid: key.kid, e: key.e, n: key.n };
}

function describeExpiries(keys: RegisteredJwk[]): string {
  return keys
    .map(key => `${key.kid} until ${key.exp ? new Date(key.exp * 1000).toISOString() : 'unknown'}`)
    .join(', ');
}

function isDigdirError(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === 'DigdirRejectedError' || name === 'DigdirUnavailableError';
}
