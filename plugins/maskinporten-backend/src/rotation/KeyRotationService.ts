import { randomUUID } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import {
  KeyRotationPhase,
  KeyRotationView,
  MAX_KEYS_PER_CLIENT,
  TokenTestResult,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { IndexedIntegration, IntegrationIndexStore, IntegrationRef, RotationRecord, normalizeRef } from '../database';
import { usableKeys } from '../keys/keyViews';
import { renewRegisteredKeys } from './renewal';
import { toRotationView, viewNeedsKeys } from './rotationView';
import { groupBy, integrationKey } from '../lib/grouping';
import { ROTATION_PRINCIPAL, RotationSteps, RotationStepsOptions } from './RotationSteps';
import { publicMembers } from '../digdir/selfServiceResponses';

export { ROTATION_PRINCIPAL } from './RotationSteps';

const DAY_MS = 86_400_000;
/** A failed automatic rotation is not retried by itself sooner than this. */
const AUTO_ROTATE_BACKOFF_MS = DAY_MS;

/** What a rotation needs to know about the integration; the catalog is consulted by the caller. */
export interface RotationTarget {
  entityRef: string;
  environment: string;
  clientId?: string;
  scopes: string[];
  resources?: string[];
  consumerOrg?: string;
  /** `maskinporten.no/key-id`: a key registered outside Backstage (adopted clients retire it). */
  externalKeyId?: string;
}

export interface KeyRotationServiceOptions extends Omit<RotationStepsOptions, 'now'> {
  /** The index, for rotations nobody asked for by hand (no catalog round trip). */
  index: IntegrationIndexStore;
  now?: () => Date;
}

export interface RotationStepResult {
  rotation: KeyRotationView;
  /** The verification token test, when this call ran one. */
  verification?: TokenTestResult;
}

/**
 * Rotates an integration's key with a sliding window: generate a new key, register it next
 * to the old ones, confirm it with a token test, and only then let the old keys go. Every
 * step is persisted before the next starts (see RotationSteps), and renewal re-posts
 * registered keys before Digdir's year runs out (see renewal.ts).
 */
export class KeyRotationService {
  readonly #options: KeyRotationServiceOptions;
  readonly #now: () => Date;
  readonly #steps: RotationSteps;

  constructor(options: KeyRotationServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#steps = new RotationSteps({ ...options, now: this.#now });
  }

  isSelfService(environment: string): boolean {
    return this.#options.digdir?.isConfigured(environment) ?? false;
  }

  /** Starts a rotation, or returns the open one, then takes it as far as it can go now. */
  async start(target: RotationTarget, startedBy: string): Promise<RotationStepResult & { created: boolean }> {
    const { rotations } = this.#options;
    const clientId = target.clientId;
    if (!clientId) {
      throw new ConflictError(
        `${target.entityRef} has no client id yet; a rotation replaces keys on a registered client (maskinporten.no/client-id).`,
      );
    }
    await this.#options.clientClaims.assertHeld(target, startedBy);
    const existing = await rotations.getOpen(target);
    if (existing) {
      return { rotation: await this.#view(existing), created: false };
    }
    const now = this.#now();
    const usable = usableKeys(await this.#options.keys.list(target), now);
    const inherited = await this.#inheritedKids(target, usable.map(key => key.kid), now);
    const oldKids = [...usable.map(key => key.kid), ...inherited];
    if (oldKids.length >= MAX_KEYS_PER_CLIENT) {
      throw new ConflictError(
        `${target.entityRef} already has ${oldKids.length} unexpired keys, the most Maskinporten allows per client; a rotation needs room for one more.`,
      );
    }
    const { rotation, created } = await rotations.createOrGetOpen({
      id: randomUUID(),
      entityRef: target.entityRef,
      environment: target.environment,
      clientId,
      scopes: target.scopes,
      resources: target.resources ?? [],
      consumerOrg: target.consumerOrg,
      mode: this.isSelfService(target.environment) ? 'self-service' : 'manual',
      phase: 'started',
      open: true,
      oldKids,
      attempts: 0,
      startedBy,
      createdAt: now,
      updatedAt: now,
    });
    if (!created) {
      return { rotation: await this.#view(rotation), created };
    }
    this.#options.logger.info(
      `Key rotation ${rotation.id} started for ${target.entityRef} (${target.environment}, ${rotation.mode}) by ${startedBy}`,
    );
    return { ...(await this.advance(rotation.id)), created };
  }

  /**
   * The keys an adopted client brought with it from before Backstage managed it: registered
   * at Digdir (or named by `maskinporten.no/key-id` where rotation is manual) but not held
   * here. They stay registered until a rotation replaces them, so this rotation retires them
   * with the rest once the new key is verified. Other integrations' unknown keys are left alone.
   */
  async #inheritedKids(target: RotationTarget, known: string[], now: Date): Promise<string[]> {
    const claims = await this.#options.clientClaims.claimsOf([target]);
    const claim = claims.get(`${normalizeRef(target.entityRef)}|${target.environment}`);
    if (claim?.source !== 'adopted') {
      return [];
    }
    const { digdir } = this.#options;
    if (!digdir || !this.isSelfService(target.environment)) {
      return target.externalKeyId && !known.includes(target.externalKeyId) ? [target.externalKeyId] : [];
    }
    const registered = await digdir.getJwks(target.environment, target.clientId!);
    return registered
      .filter(key => key.exp === undefined || key.exp * 1000 > now.getTime())
      .map(key => key.kid)
      .filter(kid => !known.includes(kid));
  }

  /**
   * Runs every step that can run now. Throws `DigdirUnavailableError` (503) when Digdir is
   * down; the failure is recorded and the phase kept for the next run.
   */
  async advance(id: string, options: { retireNow?: boolean } = {}): Promise<RotationStepResult> {
    let verification: TokenTestResult | undefined;
    // Bounded: a rotation has five forward steps; the margin covers steps another runner took.
    for (let i = 0; i < 10; i++) {
      const rotation = await this.#steps.get(id);
      if (!rotation.open) {
        break;
      }
      const step = await this.#steps.step(rotation, options);
      verification = step.verification ?? verification;
      if (!step.progressed) {
        break;
      }
    }
    return { rotation: await this.#view(await this.#steps.get(id)), verification };
  }

  /**
   * The manual flow's "I have uploaded it": verifies the new key by a token test, or, once
   * verified, records that the old keys have been removed in Samarbeidsportalen.
   */
  async confirmUploaded(id: string): Promise<RotationStepResult> {
    const rotation = await this.#steps.get(id);
    if (rotation.mode !== 'manual') {
      throw new ConflictError(
        `Rotation ${id} posts keys to Digdir itself; there is nothing to confirm. Use advance instead.`,
      );
    }
    if (rotation.phase === 'awaiting-upload') {
      const verification = await this.#steps.verify(rotation);
      return { rotation: await this.#view(await this.#steps.get(id)), verification };
    }
    if (rotation.phase === 'verified') {
      await this.#steps.finishRetirement(rotation);
      return { rotation: await this.#view(await this.#steps.get(id)) };
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
    const rotation = await this.#steps.get(id);
    const cancellable: KeyRotationPhase[] = ['started', 'generated', 'registered', 'awaiting-upload'];
    if (!cancellable.includes(rotation.phase)) {
      throw new ConflictError(
        `Rotation ${id} is ${rotation.phase}; only a rotation whose new key has not yet taken over can be cancelled.`,
      );
    }
    if (rotation.mode === 'self-service' && rotation.newKid) {
      await this.#steps.withDigdir(rotation, async digdir => {
        const current = await digdir.getJwks(rotation.environment, rotation.clientId);
        if (current.some(key => key.kid === rotation.newKid)) {
          const keep = current.filter(key => key.kid !== rotation.newKid).map(publicMembers);
          const result = await digdir.replaceJwks(rotation.environment, rotation.clientId, keep);
          await this.#steps.recordExpiries(rotation, result);
        }
      });
    }
    await this.#options.rotations.end(rotation, { phase: 'cancelled', from: cancellable, now: this.#now() });
    await this.#options.issuer.refreshIndexedExpiry(rotation, this.#now());
    this.#options.logger.info(`Key rotation ${id} for ${rotation.entityRef} cancelled`);
    return { rotation: await this.#view(await this.#steps.get(id)) };
  }

  async current(integration: IntegrationRef): Promise<KeyRotationView | undefined> {
    const rotation = await this.#options.rotations.current(integration);
    return rotation ? this.#view(rotation) : undefined;
  }

  /** The open rotations among these integrations (a listing page's), in at most two queries. */
  async openFor(entityRefs: string[]): Promise<KeyRotationView[]> {
    return this.#views(await this.#options.rotations.openFor(entityRefs));
  }

  /** Each integration's current rotation, for the card: at most two queries however many it shows. */
  async currentFor(integrations: IntegrationRef[]): Promise<KeyRotationView[]> {
    return this.#views(await this.#options.rotations.currentFor(integrations));
  }

  async #views(rotations: RotationRecord[]): Promise<KeyRotationView[]> {
    const needKeys = rotations.filter(viewNeedsKeys);
    const keysOf = groupBy(
      needKeys.length ? await this.#options.keys.listFor(needKeys.map(r => r.entityRef)) : [],
      integrationKey,
    );
    return rotations.map(r => toRotationView(r, keysOf.get(integrationKey(r)) ?? [], this.#now()));
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

  /** Re-posts the registered set of every self-service client whose active key nears expiry. */
  renew(): Promise<number> {
    return renewRegisteredKeys({ ...this.#options, now: this.#now, steps: this.#steps });
  }

  async #autoRotate(): Promise<number> {
    const { digdir, keys, rotations, rotationConfig, logger, index } = this.#options;
    if (!digdir || rotationConfig.autoRotateWithinDays === undefined) {
      return 0;
    }
    const now = this.#now();
    const candidates = await keys.listActiveExpiringBefore(
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
      const indexed: IndexedIntegration | undefined = await index.get({ entityRef, environment });
      const integration = indexed?.integration;
      if (!integration?.clientId || integration.scopes.length === 0) {
        continue;
      }
      try {
        await this.start(integration, ROTATION_PRINCIPAL);
        started++;
      } catch (error) {
        logger.warn(`Could not start an automatic rotation for ${entityRef} (${environment}): ${(error as Error).message}`);
      }
    }
    return started;
  }

  async #view(rotation: RotationRecord): Promise<KeyRotationView> {
    const keys = viewNeedsKeys(rotation) ? await this.#options.keys.list(rotation) : [];
    return toRotationView(rotation, keys, this.#now());
  }
}
