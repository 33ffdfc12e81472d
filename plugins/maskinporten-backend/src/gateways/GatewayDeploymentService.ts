import { randomUUID } from 'node:crypto';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  GatewayCandidate,
  GatewayDeploymentView,
  GatewayDeploymentsResponse,
  GatewayTokenTestResponse,
  IntegrationGatewaySummary,
  LinkGatewayDeploymentRequest,
  MaskinportenIntegration,
  maskinportenIntegrationReadPermission,
  maskinportenKeyCreatePermission,
  maskinportenTokenTestPermission,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { EntityAccess, describePrincipal } from '../access/entityAccess';
import { MaskinportenConfig } from '../config/readMaskinportenConfig';
import {
  GatewayDeploymentConflictError,
  GatewayDeploymentRecord,
  GatewayDeploymentStore,
  KeyStore,
  MANUAL_TARGET,
  KeyRecord,
} from '../database';
import { usableKeys } from '../keys/keyViews';
import { groupBy, integrationKey } from '../lib/grouping';
import { jwkThumbprint } from '../lib/jwkThumbprint';
import { RateLimitedError } from '../tokenTests/errors';
import { RateLimiter } from '../tokenTests/RateLimiter';
import { GatewayDriftCheck } from './GatewayDriftCheck';
import { IntegrationKeys, keyStateOf, summarizeGateways, toDeploymentView } from './gatewayStatus';
import { GatewayTargets } from './GatewayTargets';
import { gatewayIntegration, testThroughGateway } from './throughGateway';

/**
 * An integration's gateway deployments, as the card manages them: list, adopt an existing
 * token service (read through the target, linked by the kid its owner confirms), keep one by
 * hand, confirm a hand update, unlink, test a token request through one, and check them now.
 */
export class GatewayDeploymentService {
  readonly #limiter: RateLimiter;

  constructor(
    private readonly o: {
      config: MaskinportenConfig;
      access: EntityAccess;
      deployments: GatewayDeploymentStore;
      keys: KeyStore;
      targets: GatewayTargets;
      drift: GatewayDriftCheck;
      now: () => Date;
    },
  ) {
    this.#limiter = new RateLimiter(o.config.tokenTests.rateLimitPerWindow, o.config.tokenTests.rateLimitWindowSeconds * 1000);
  }

  async list(entityRef: string, credentials: BackstageCredentials): Promise<GatewayDeploymentsResponse> {
    const { integration } = await this.o.access.authorizedIntegration(entityRef, maskinportenIntegrationReadPermission, credentials);
    return { items: await this.#views(integration), targets: this.o.targets.list() };
  }

  /** The card's and listing's gateway summaries, keyed `entityRef|environment`, in one query. */
  async summaries(
    integrations: MaskinportenIntegration[],
    keys: KeyRecord[],
  ): Promise<Map<string, IntegrationGatewaySummary>> {
    const result = new Map<string, IntegrationGatewaySummary>();
    if (integrations.length === 0) return result;
    const records = groupBy(await this.o.deployments.listForRefs(integrations.map(i => i.entityRef)), integrationKey);
    const keysOf = groupBy(keys, integrationKey);
    const now = this.o.now();
    for (const integration of integrations) {
      const id = integrationKey(integration);
      const summary = summarizeGateways(
        records.get(id) ?? [],
        { keys: keysOf.get(id) ?? [], externalKeyId: integration.externalKeyId },
        this.o.targets,
        now,
      );
      if (summary) result.set(id, summary);
    }
    return result;
  }

  /** Reads an existing token service through its target, for the owner to confirm before linking. */
  async candidate(
    entityRef: string,
    query: { target: string; apiId: string },
    credentials: BackstageCredentials,
  ): Promise<GatewayCandidate> {
    const { integration } = await this.o.access.authorizedIntegration(entityRef, maskinportenKeyCreatePermission, credentials);
    return this.#candidate(integration, query);
  }

  async link(
    entityRef: string,
    request: LinkGatewayDeploymentRequest,
    credentials: BackstageCredentials,
  ): Promise<GatewayDeploymentView> {
    const { integration } = await this.o.access.authorizedIntegration(entityRef, maskinportenKeyCreatePermission, credentials);
    const keys = await this.#integrationKeys(integration);
    const common = {
      id: randomUUID(),
      integration,
      apiId: request.apiId,
      kid: request.kid,
      linkedBy: describePrincipal(credentials),
      at: this.o.now(),
    };
    let record: GatewayDeploymentRecord;
    try {
      if (request.target === MANUAL_TARGET) {
        const state = keyStateOf(request.kid, keys, this.o.now());
        if (state === 'unknown') {
          throw new InputError(`kid: "${request.kid}" is not a key of ${integration.entityRef}`);
        }
        const key = keys.keys.find(k => k.kid === request.kid);
        record = await this.o.deployments.link({
          ...common,
          target: MANUAL_TARGET,
          origin: 'manual',
          name: request.name,
          contextPath: request.contextPath,
          keyFingerprint: key && jwkThumbprint(key.publicJwk),
        });
      } else {
        const candidate = await this.#candidate(integration, request);
        if (!candidate.linkable) {
          throw new ConflictError(`${request.target} API ${request.apiId} cannot be linked: ${candidate.problems.join(' ')}`);
        }
        if (candidate.kid !== request.kid) {
          throw new ConflictError(
            `${request.target} API ${request.apiId} signs with ${candidate.kid}, not ${request.kid} as confirmed; look at it again and confirm what it signs with now.`,
          );
        }
        record = await this.o.deployments.link({
          ...common,
          target: request.target,
          origin: 'adopted',
          name: candidate.name,
          contextPath: candidate.contextPath,
          definitionVersion: candidate.definitionVersion,
          gatewayVersion: candidate.gatewayVersion,
        });
      }
    } catch (error) {
      if (error instanceof GatewayDeploymentConflictError) {
        throw new ConflictError(`${error.message}${error.existing ? ` to ${error.existing.entityRef} (${error.existing.environment})` : ''}.`);
      }
      throw error;
    }
    return toDeploymentView(record, keys, this.o.targets, this.o.now());
  }

  /** The owner updated a deployment the backend cannot reach, and says what it signs with now. */
  async confirm(entityRef: string, id: string, kid: string, credentials: BackstageCredentials): Promise<GatewayDeploymentView> {
    const { integration, record } = await this.#owned(entityRef, id, maskinportenKeyCreatePermission, credentials);
    if (this.o.targets.isManaged(record.target)) {
      throw new ConflictError(
        `${this.o.targets.title(record.target)} API ${record.apiId} is redeployed and read back by the backend; there is nothing to confirm.`,
      );
    }
    const keys = await this.#integrationKeys(integration);
    const key = usableKeys(keys.keys, this.o.now()).find(k => k.kid === kid);
    if (!key) {
      throw new InputError(`kid: "${kid}" is not a usable key of ${integration.entityRef}; confirm the kid the deployment signs with now`);
    }
    await this.o.deployments.recordConfirmation(record.id, {
      kid,
      keyFingerprint: jwkThumbprint(key.publicJwk),
      by: describePrincipal(credentials),
      at: this.o.now(),
    });
    return toDeploymentView((await this.o.deployments.get(record.id))!, keys, this.o.targets, this.o.now());
  }

  async unlink(entityRef: string, id: string, credentials: BackstageCredentials): Promise<GatewayDeploymentRecord> {
    const { record } = await this.#owned(entityRef, id, maskinportenKeyCreatePermission, credentials);
    await this.o.deployments.unlink(record.id);
    return record;
  }

  /** "Test through the gateway": a token request through the deployed token service, past its cache. */
  async test(entityRef: string, id: string, credentials: BackstageCredentials): Promise<GatewayTokenTestResponse> {
    const { integration, record } = await this.#owned(entityRef, id, maskinportenTokenTestPermission, credentials);
    const target = this.o.targets.get(record.target);
    if (!target?.requestToken) {
      throw new ConflictError(
        `${this.o.targets.title(record.target)} API ${record.apiId} cannot be tested from here: the backend has no way to call that gateway.`,
      );
    }
    if (!integration.clientId) {
      throw new ConflictError(`${integration.entityRef} has no client id yet (maskinporten.no/client-id).`);
    }
    const waitMs = this.#limiter.tryAcquire(`${integration.entityRef}|${integration.environment}`, this.o.now().getTime());
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new RateLimitedError(`Too many token tests for ${integration.entityRef}; try again in ${seconds} s`, seconds);
    }
    const test = await testThroughGateway({
      target,
      record,
      integration: gatewayIntegration({ ...integration, clientId: integration.clientId }, this.o.config.environments),
      requestedBy: describePrincipal(credentials),
      deployments: this.o.deployments,
      now: this.o.now,
    });
    const keys = await this.#integrationKeys(integration);
    return { deployment: toDeploymentView((await this.o.deployments.get(record.id))!, keys, this.o.targets, this.o.now()), test };
  }

  /** Runs the drift check for this integration's deployments now. */
  async check(entityRef: string, credentials: BackstageCredentials): Promise<GatewayDeploymentsResponse> {
    const { integration } = await this.o.access.authorizedIntegration(entityRef, maskinportenTokenTestPermission, credentials);
    await this.o.drift.checkAll(await this.o.deployments.listFor(integration));
    return { items: await this.#views(integration), targets: this.o.targets.list() };
  }

  async #candidate(integration: MaskinportenIntegration, query: { target: string; apiId: string }): Promise<GatewayCandidate> {
    const target = this.o.targets.get(query.target);
    if (!target) {
      throw new InputError(
        `target: "${query.target}" is not a gateway this backend can read; configured: ${this.o.targets.list().map(t => t.id).join(', ') || 'none'}`,
      );
    }
    const inspection = await target.inspect({ target: target.id, apiId: query.apiId });
    if (!inspection) {
      throw new NotFoundError(`${target.title} has no API ${query.apiId}`);
    }
    const keys = await this.#integrationKeys(integration);
    const environment = this.o.config.environments.get(integration.environment);
    const kids = [...new Set(inspection.signers.map(s => s.kid))];
    const kid = kids.length === 1 ? kids[0] : undefined;
    const keyState = kid ? keyStateOf(kid, keys, this.o.now()) : undefined;
    const problems: string[] = [];
    if (inspection.signers.length === 0) problems.push('It has no enabled Generate JWT step.');
    if (kids.length > 1) problems.push(`Its Generate JWT steps sign with different kids (${kids.join(', ')}).`);
    if (kid === undefined && inspection.signers.length > 0 && kids.length === 1) problems.push('Its Generate JWT step names no kid.');
    if (kid && keyState === 'unknown') problems.push(`It signs with ${kid}, which is not a key of ${integration.entityRef}.`);
    for (const signer of inspection.signers) {
      if (signer.issuer && !signer.issuer.startsWith('{') && signer.issuer !== integration.clientId) {
        problems.push(`It signs grants for client ${signer.issuer}, not ${integration.clientId ?? '(no client id)'}.`);
      }
      if (environment && signer.audiences && !signer.audiences.includes(environment.issuer)) {
        problems.push(`Its grants are for ${signer.audiences.join(', ')}, not ${environment.issuer} (${integration.environment}).`);
      }
    }
    const linked = (await this.o.deployments.listForRefs([integration.entityRef])).find(
      r => r.target === target.id && r.apiId === query.apiId,
    );
    if (linked) problems.push('It is already linked to this integration.');
    const ours = kid ? keys.keys.find(k => k.kid === kid) : undefined;
    return {
      target: target.id,
      apiId: query.apiId,
      name: inspection.name,
      contextPath: inspection.contextPath,
      definitionVersion: inspection.definitionVersion,
      gatewayVersion: inspection.gatewayVersion,
      started: inspection.started,
      signers: inspection.signers.map(s => ({
        kid: s.kid,
        issuer: s.issuer,
        audiences: s.audiences,
        fingerprintMatches: ours && s.fingerprint ? s.fingerprint === jwkThumbprint(ours.publicJwk) : undefined,
      })),
      kid,
      keyState,
      linkable: problems.length === 0,
      problems,
      linkedTo: linked ? linked.entityRef : undefined,
    };
  }

  async #owned(
    entityRef: string,
    id: string,
    permission: typeof maskinportenKeyCreatePermission,
    credentials: BackstageCredentials,
  ): Promise<{ integration: MaskinportenIntegration; record: GatewayDeploymentRecord }> {
    const { integration } = await this.o.access.authorizedIntegration(entityRef, permission, credentials);
    const record = await this.o.deployments.get(id);
    if (!record || integrationKey(record) !== integrationKey(integration)) {
      throw new NotFoundError(`No gateway deployment ${id} for ${integration.entityRef} (${integration.environment})`);
    }
    return { integration, record };
  }

  async #integrationKeys(integration: MaskinportenIntegration): Promise<IntegrationKeys> {
    // Public halves only: judging deployments never needs a sealed private key.
    const keys = (await this.o.keys.listFor([integration.entityRef])).filter(k => k.environment === integration.environment);
    return { keys, externalKeyId: integration.externalKeyId };
  }

  async #views(integration: MaskinportenIntegration): Promise<GatewayDeploymentView[]> {
    const keys = await this.#integrationKeys(integration);
    const now = this.o.now();
    return (await this.o.deployments.listFor(integration)).map(r => toDeploymentView(r, keys, this.o.targets, now));
  }
}
