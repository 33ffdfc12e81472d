import { LoggerService } from '@backstage/backend-plugin-api';
import { RotationGatewayProgress } from '@maskinporten-backstage/plugin-maskinporten-common';
import { MaskinportenKeyCustody } from '@maskinporten-backstage/plugin-maskinporten-node';
import { MaskinportenConfig } from '../config/readMaskinportenConfig';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  GatewayDeploymentRecord,
  GatewayDeploymentStore,
  KeyStore,
  LeaseLocks,
  RotationRecord,
  StoredKey,
} from '../database';
import { sanitizeGraviteeText } from '../gravitee/deploy/errors';
import { currentKid } from '../gateways/gatewayStatus';
import { GatewayTargets } from '../gateways/GatewayTargets';
import { gatewayIntegration, testThroughGateway } from '../gateways/throughGateway';
import { groupBy, integrationKey } from '../lib/grouping';
import { jwkThumbprint } from '../lib/jwkThumbprint';
import { ROTATION_PRINCIPAL as PRINCIPAL } from './RotationSteps';

/** A gateway step that committed, for tests that stand in for a process killed between steps. */
export type GatewayStepEvent = 'gateway-redeployed' | 'gateway-verified';

export interface GatewayPhaseOptions {
  deployments: GatewayDeploymentStore;
  targets: GatewayTargets;
  keys: KeyStore;
  custody: MaskinportenKeyCustody;
  environments: MaskinportenConfig['environments'];
  logger: LoggerService;
  now: () => Date;
  /**
   * One runner carries a rotation's gateways at a time (a request, the scheduled task, another
   * replica); the others leave it to that one. Without locks every runner carries.
   */
  locks?: LeaseLocks;
  afterStep?: (event: GatewayStepEvent, rotation: RotationRecord, deployment: GatewayDeploymentRecord) => Promise<void> | void;
}

/** Where a linked deployment stands in a rotation whose new key is `newKid`. */
export function progressOf(
  record: GatewayDeploymentRecord,
  newKid: string | undefined,
  targets: GatewayTargets,
): RotationGatewayProgress {
  const managed = targets.isManaged(record.target);
  const kid = currentKid(record);
  let state: RotationGatewayProgress['state'];
  if (!managed) {
    state = kid === newKid ? 'confirmed' : 'awaiting-owner';
  } else if (kid === newKid && record.verifiedKid === newKid) {
    state = 'verified';
  } else if (record.state === 'failed') {
    state = 'failed';
  } else {
    state = kid === newKid ? 'redeployed' : 'pending';
  }
  return {
    deploymentId: record.id,
    target: record.target,
    targetTitle: targets.title(record.target),
    apiId: record.apiId,
    name: record.name,
    managed,
    state,
    kid,
    lastError: record.lastError,
  };
}

const isDone = (p: RotationGatewayProgress) => p.state === 'verified' || p.state === 'confirmed';

/**
 * A rotation's gateway phase: every deployment linked to the integration is made to sign with
 * the new key and proven to work through the gateway before the old keys may go. A managed
 * deployment is redeployed through its target (an update of the same API, so a repeat after a
 * lost answer is harmless), read back (it must sign with the new kid) and tested with a token
 * request through the gateway past its cache. One kept by hand waits for its owner's
 * confirmation. Progress lives on the deployment rows (kid deployed, kid verified), so a run
 * that dies between a redeploy and its test resumes with the test.
 */
export class GatewayPhase {
  constructor(private readonly o: GatewayPhaseOptions) {}

  async progress(rotation: RotationRecord): Promise<RotationGatewayProgress[]> {
    return (await this.o.deployments.listFor(rotation)).map(r => progressOf(r, rotation.newKid, this.o.targets));
  }

  /** Progress of many rotations in one query (the card and the listing). */
  async progressFor(rotations: RotationRecord[]): Promise<Map<string, RotationGatewayProgress[]>> {
    const result = new Map<string, RotationGatewayProgress[]>();
    if (rotations.length === 0) return result;
    const byIntegration = groupBy(await this.o.deployments.listForRefs(rotations.map(r => r.entityRef)), integrationKey);
    for (const rotation of rotations) {
      result.set(
        rotation.id,
        (byIntegration.get(integrationKey(rotation)) ?? []).map(r => progressOf(r, rotation.newKid, this.o.targets)),
      );
    }
    return result;
  }

  /** Linked deployments that would still sign with an old key if the old keys went now. */
  async blocking(rotation: RotationRecord): Promise<RotationGatewayProgress[]> {
    return (await this.progress(rotation)).filter(p => !isDone(p));
  }

  async hasLinked(rotation: RotationRecord): Promise<boolean> {
    return (await this.o.deployments.listFor(rotation)).length > 0;
  }

  /**
   * Carries every managed deployment as far as it goes now. Answers the failures (one line per
   * deployment) and whether every linked deployment, hand-kept ones too, signs with the new key.
   */
  async carry(rotation: RotationRecord, newKey: StoredKey): Promise<{ done: boolean; failures: string[] }> {
    if (!this.o.locks) {
      return this.#carry(rotation, newKey);
    }
    try {
      return await this.o.locks.withLock(`gateway-rotation|${rotation.id}`, () => this.#carry(rotation, newKey));
    } catch (error) {
      if (error instanceof ServiceUnavailableError && error.message.startsWith('Another operation')) {
        // Another runner is carrying this rotation's gateways right now.
        return { done: false, failures: [] };
      }
      throw error;
    }
  }

  async #carry(rotation: RotationRecord, newKey: StoredKey): Promise<{ done: boolean; failures: string[] }> {
    const failures: string[] = [];
    const integration = gatewayIntegration(rotation, this.o.environments);
    for (const initial of await this.o.deployments.listFor(rotation)) {
      let record = initial;
      const progress = progressOf(record, rotation.newKid, this.o.targets);
      const target = this.o.targets.get(record.target);
      if (isDone(progress) || !progress.managed || !target?.deploy || !record.apiId) {
        continue;
      }
      const ref = { target: record.target, apiId: record.apiId, definitionVersion: record.definitionVersion };
      const where = `${target.title} API ${record.name ?? record.apiId}`;
      try {
        if (progress.state === 'pending' || progress.state === 'failed') {
          const fingerprint = jwkThumbprint(newKey.publicJwk);
          const privateKeyPem = await this.o.custody.open(newKey.privateKeyCiphertext, newKey.kid);
          const deployed = await target
            .deploy({ deployment: ref, integration, key: { kid: newKey.kid, privateKeyPem, fingerprint } })
            .catch(async error => {
              const message = sanitizeGraviteeText((error as Error)?.message ?? String(error));
              await this.o.deployments.recordDeploy(record.id, { state: 'failed', lastError: message, by: PRINCIPAL, at: this.o.now() });
              throw new Error(message);
            });
          await this.o.deployments.recordDeploy(record.id, {
            state: 'deployed',
            kid: newKey.kid,
            keyFingerprint: fingerprint,
            gatewayVersion: deployed.gatewayVersion,
            definitionVersion: deployed.definitionVersion,
            by: PRINCIPAL,
            at: this.o.now(),
          });
          record = (await this.o.deployments.get(record.id))!;
          await this.o.afterStep?.('gateway-redeployed', rotation, record);
        }
        const inspection = await target.inspect(ref);
        const kids = [...new Set((inspection?.signers ?? []).map(s => s.kid))];
        await this.o.deployments.recordObservation(record.id, {
          kid: kids.length === 1 ? kids[0] : undefined,
          fingerprint: inspection?.signers.length === 1 ? inspection.signers[0].fingerprint : undefined,
          findings: inspection ? [] : ['missing'],
          at: this.o.now(),
        });
        if (!inspection || kids.length !== 1 || kids[0] !== newKey.kid) {
          throw new Error(
            inspection
              ? `it signs with ${kids.join(', ') || 'no kid'} after the redeploy, not ${newKey.kid}`
              : 'the gateway no longer has it',
          );
        }
        record = (await this.o.deployments.get(record.id))!;
        const test = await testThroughGateway({
          target,
          record,
          integration,
          requestedBy: PRINCIPAL,
          deployments: this.o.deployments,
          now: this.o.now,
        });
        if (test.outcome !== 'success') {
          throw new Error(`a token request through it failed (${test.outcome}): ${test.message}`);
        }
        this.o.logger.info(`Key rotation ${rotation.id}: ${where} signs with ${newKey.kid} and a token request through it succeeded`);
        await this.o.afterStep?.('gateway-verified', rotation, record);
      } catch (error) {
        const message = sanitizeGraviteeText((error as Error)?.message ?? String(error));
        const now = await this.o.deployments.get(record.id);
        if (now && now.state !== 'failed') {
          await this.o.deployments.recordError(record.id, message, this.o.now());
        }
        failures.push(`${where}: ${message}`);
        this.o.logger.warn(`Key rotation ${rotation.id}: ${where} is not yet on ${newKey.kid}: ${message}`);
      }
    }
    const remaining = await this.blocking(rotation);
    return { done: remaining.length === 0, failures };
  }
}
