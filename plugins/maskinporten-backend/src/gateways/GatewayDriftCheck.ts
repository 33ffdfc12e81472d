import { LoggerService } from '@backstage/backend-plugin-api';
import { GatewayDriftFinding } from '@maskinporten-backstage/plugin-maskinporten-common';
import {
  GatewayDeploymentRecord,
  GatewayDeploymentStore,
  IntegrationIndexStore,
  KeyStore,
} from '../database';
import { groupBy, integrationKey } from '../lib/grouping';
import { jwkThumbprint } from '../lib/jwkThumbprint';
import { IntegrationKeys, findingsForKid } from './gatewayStatus';
import { GatewayTargets } from './GatewayTargets';

const PAGE = 200;

export interface DriftCheckResult {
  checked: number;
  /** Deployments with at least one finding. */
  drifted: number;
  /** Deployments that could not be read (gateway down, 5xx); their last observation stays. */
  failed: number;
  /** Deployments whose target cannot be read back (kept by hand, or not configured). */
  skipped: number;
}

/**
 * The drift check: reads back what each deployment a target can inspect signs with, and
 * compares it with the integration's keys. It reports (on the deployment, in the card's and
 * listing's gateway status, and in the log) a deployment that signs with a retiring, revoked,
 * expired or pending key, with a kid the integration does not have (changed by hand), with our
 * kid over another key, with several or no signing steps, or that the gateway no longer has.
 */
export class GatewayDriftCheck {
  constructor(
    private readonly o: {
      deployments: GatewayDeploymentStore;
      keys: KeyStore;
      index: IntegrationIndexStore;
      targets: GatewayTargets;
      logger: LoggerService;
      now: () => Date;
    },
  ) {}

  /** Every deployment, a page at a time. */
  async run(): Promise<DriftCheckResult> {
    const result: DriftCheckResult = { checked: 0, drifted: 0, failed: 0, skipped: 0 };
    let after: string | undefined;
    for (;;) {
      const page = await this.o.deployments.page({ after, limit: PAGE });
      const counts = await this.checkAll(page);
      result.checked += counts.checked;
      result.drifted += counts.drifted;
      result.failed += counts.failed;
      result.skipped += counts.skipped;
      if (page.length < PAGE) return result;
      after = page[page.length - 1].id;
    }
  }

  /** These deployments, with one key query for all of them. */
  async checkAll(records: GatewayDeploymentRecord[]): Promise<DriftCheckResult> {
    const result: DriftCheckResult = { checked: 0, drifted: 0, failed: 0, skipped: 0 };
    const keysOf = groupBy(await this.o.keys.listFor(records.map(r => r.entityRef)), integrationKey);
    const external = new Map<string, string | undefined>();
    for (const record of records) {
      const id = integrationKey(record);
      if (!external.has(id)) {
        external.set(id, (await this.o.index.get(record))?.integration.externalKeyId);
      }
      const outcome = await this.check(record, { keys: keysOf.get(id) ?? [], externalKeyId: external.get(id) });
      // `checked` counts every deployment read back, drifted or not.
      if (outcome === 'checked' || outcome === 'drifted') result.checked++;
      if (outcome !== 'checked') result[outcome]++;
    }
    return result;
  }

  /** Reads one deployment back and records what it found. */
  async check(record: GatewayDeploymentRecord, integration: IntegrationKeys): Promise<'checked' | 'drifted' | 'failed' | 'skipped'> {
    const target = this.o.targets.get(record.target);
    if (!target || !record.apiId) {
      return 'skipped';
    }
    const at = this.o.now();
    const ref = { target: record.target, apiId: record.apiId, definitionVersion: record.definitionVersion };
    let findings: GatewayDriftFinding[];
    let kid: string | undefined;
    let fingerprint: string | undefined;
    let extra: { name?: string; contextPath?: string; gatewayVersion?: string } = {};
    try {
      const inspection = await target.inspect(ref);
      if (!inspection) {
        findings = ['missing'];
      } else {
        const kids = [...new Set(inspection.signers.map(s => s.kid))];
        kid = kids.length === 1 ? kids[0] : undefined;
        fingerprint = inspection.signers.length === 1 ? inspection.signers[0].fingerprint : undefined;
        findings = [
          ...(inspection.signers.length === 0 ? (['no-signer'] as const) : []),
          ...(kids.length > 1 ? (['several-signers'] as const) : []),
          ...(inspection.started === false ? (['not-started'] as const) : []),
          ...findingsForKid(kid, integration, at),
          ...this.#fingerprintFinding(kid, fingerprint, integration),
        ];
        extra = { name: inspection.name, contextPath: inspection.contextPath, gatewayVersion: inspection.gatewayVersion };
      }
    } catch (error) {
      await this.o.deployments.recordObservation(record.id, { findings: record.findings, error: (error as Error).message, at });
      this.o.logger.warn(`Drift check of ${describe(record)} could not read it back: ${(error as Error).message}`);
      return 'failed';
    }
    await this.o.deployments.recordObservation(record.id, { kid, fingerprint, findings, at, ...extra });
    const fresh = findings.filter(f => !record.findings.includes(f) || record.observedKid !== kid);
    if (findings.length > 0 && fresh.length > 0) {
      this.o.logger.warn(
        `Gateway drift: ${describe(record)} signs with ${kid ?? 'no single kid'} (${findings.join(', ')})`,
        { event: 'maskinporten-gateway-drift', entityRef: record.entityRef, environment: record.environment, deploymentId: record.id, kid: kid ?? 'none', findings: findings.join(',') },
      );
    }
    return findings.length > 0 ? 'drifted' : 'checked';
  }

  /** Our kid over a key that is not ours: someone pasted another key under it. */
  #fingerprintFinding(kid: string | undefined, fingerprint: string | undefined, integration: IntegrationKeys): GatewayDriftFinding[] {
    const ours = kid ? integration.keys.find(k => k.kid === kid) : undefined;
    if (!ours || !fingerprint) return [];
    return ours.publicJwk && fingerprint !== jwkThumbprint(ours.publicJwk) ? ['fingerprint-mismatch'] : [];
  }
}

function describe(record: GatewayDeploymentRecord): string {
  return `${record.target} API ${record.apiId} of ${record.entityRef} (${record.environment})`;
}
