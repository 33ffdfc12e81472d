import { BackstageCredentials, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConflictError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  ExpiryThresholds,
  GraviteeDeployResponse,
  GraviteeDeployStatus,
  GraviteeDeploymentView,
  MaskinportenIntegration,
  maskinportenGraviteeExportPermission,
  maskinportenIntegrationReadPermission,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { MaskinportenKeyCustody } from '@maskinporten-backstage/plugin-maskinporten-node';
import { ClientClaims } from '../access/clientClaims';
import { EntityAccess, describePrincipal } from '../access/entityAccess';
import { MaskinportenConfig } from '../config/readMaskinportenConfig';
import { GatewayDeploymentRecord, GatewayDeploymentStore, KeyStore, StoredKey } from '../database';
import { pickSigningKey } from '../keys/keyViews';
import { jwkThumbprint } from '../lib/jwkThumbprint';
import { GraviteeDeployer } from './deploy/GraviteeDeployer';
import { GraviteeManagementClient } from './deploy/GraviteeManagementClient';
import {
  GraviteeDefinition,
  GraviteeFormat,
  GraviteeLintResult,
  GraviteeSecretMode,
  extractGraviteeKids,
  lintGraviteeDefinition,
  renderGraviteeDefinition,
} from '.';

/** A definition names one or two kids; the cap keeps a crafted body from fanning out queries. */
const MAX_LINT_KIDS = 20;

/** Gravitee token services for integrations: render, deploy, read the last deploy, lint. */
export class GraviteeService {
  readonly #config: MaskinportenConfig;
  readonly #access: EntityAccess;
  readonly #claims: Pick<ClientClaims, 'assertHeld'>;
  readonly #keys: KeyStore;
  readonly #custody: MaskinportenKeyCustody;
  readonly #thresholds: ExpiryThresholds;
  readonly #now: () => Date;
  readonly #deployments?: GatewayDeploymentStore;
  readonly #deployer?: GraviteeDeployer;

  constructor(options: {
    config: MaskinportenConfig;
    access: EntityAccess;
    claims: Pick<ClientClaims, 'assertHeld'>;
    keys: KeyStore;
    custody: MaskinportenKeyCustody;
    thresholds: ExpiryThresholds;
    logger: LoggerService;
    /** Where deploys are recorded; deploy needs it and `maskinporten.gravitee.managementUrl`/`token`. */
    deployments?: GatewayDeploymentStore;
    fetchImpl?: typeof fetch;
    now?: () => Date;
  }) {
    this.#config = options.config;
    this.#access = options.access;
    this.#claims = options.claims;
    this.#keys = options.keys;
    this.#custody = options.custody;
    this.#thresholds = options.thresholds;
    this.#now = options.now ?? (() => new Date());
    this.#deployments = options.deployments;
    const deployConfig = options.config.gravitee.deploy;
    if (deployConfig && options.deployments) {
      this.#deployer = new GraviteeDeployer(
        new GraviteeManagementClient(deployConfig, options.fetchImpl),
        options.deployments,
        options.logger,
        this.#now,
      );
    }
  }

  get status(): GraviteeDeployStatus {
    return {
      deployConfigured: this.#deployer !== undefined,
      deployFormat: this.#config.gravitee.deployFormat,
    };
  }

  /**
   * Renders the integration's token service. Only `secrets: 'inline'` puts the private key in
   * the output, and it needs the export permission on the entity.
   */
  async render(
    entityRef: string,
    options: { format: GraviteeFormat; secrets: GraviteeSecretMode },
    credentials: BackstageCredentials,
  ): Promise<{ definition: GraviteeDefinition; kid: string; name: string }> {
    const { entity, integration } = await this.#access.authorizedIntegration(
      entityRef,
      options.secrets === 'inline' ? maskinportenGraviteeExportPermission : maskinportenIntegrationReadPermission,
      credentials,
    );
    return this.#render(entity, integration, options);
  }

  /**
   * Imports or updates the integration's token service in Gravitee, starts and deploys it.
   * The deployed definition carries the key inline (Generate JWT reads no secret references),
   * so this needs the export permission.
   */
  async deploy(
    entityRef: string,
    options: { format?: GraviteeFormat },
    credentials: BackstageCredentials,
  ): Promise<GraviteeDeployResponse> {
    // Authorize first: whether deploy is configured is nobody's business but the owners'.
    const { entity, integration } = await this.#access.authorizedIntegration(
      entityRef,
      maskinportenGraviteeExportPermission,
      credentials,
    );
    const deployer = this.#deployer;
    if (!deployer) {
      throw new ServiceUnavailableError(
        'Gravitee deploy is not configured: configure maskinporten.gravitee.managementUrl and token',
      );
    }
    const format = options.format ?? this.#config.gravitee.deployFormat;
    const secrets: GraviteeSecretMode = 'inline';
    const { definition, kid, name, contextPath } = await this.#render(entity, integration, { format, secrets });
    const publicJwk = await this.#keys.publicJwk(kid);
    const result = await deployer.deploy({
      key: { entityRef: integration.entityRef, environment: integration.environment, format },
      definition,
      deployedBy: describePrincipal(credentials),
      service: { kid, keyFingerprint: publicJwk && jwkThumbprint(publicJwk), contextPath, name },
    });
    return { ...result, kid, secrets };
  }

  /** The integration's last deploy (in `format`, or the most recent of any). */
  async deployment(
    entityRef: string,
    options: { format?: GraviteeFormat },
    credentials: BackstageCredentials,
  ): Promise<GraviteeDeploymentView> {
    const { integration } = await this.#access.authorizedIntegration(
      entityRef,
      maskinportenIntegrationReadPermission,
      credentials,
    );
    const record = latestOwnDeploy(await this.#deployments?.listFor(integration), options.format);
    if (!record) {
      throw new NotFoundError(
        `${integration.entityRef} has not been deployed to Gravitee${options.format ? ` as ${options.format}` : ''}`,
      );
    }
    return {
      entityRef: integration.entityRef,
      environment: record.environment,
      format: record.definitionVersion as GraviteeFormat,
      apiId: record.apiId ?? null,
      apimVersion: record.gatewayVersion ?? null,
      status: record.state === 'deploying' ? 'in-progress' : record.state,
      deploymentId: record.id,
      kid: record.kid ?? null,
      lastError: record.lastError ?? null,
      deployedBy: record.deployedBy ?? null,
      updatedAt: record.updatedAt.toISOString(),
    };
  }

  /**
   * Lints any definition against the configured environments and our keys. A key's state and
   * expiry count only when the caller may read its integration; to anyone else the kid is as
   * unknown as any other.
   */
  async lint(definition: unknown, credentials: BackstageCredentials): Promise<GraviteeLintResult> {
    const kids = extractGraviteeKids(definition).slice(0, MAX_LINT_KIDS);
    const found = (await Promise.all(kids.map(kid => this.#keys.get(kid)))).filter(
      (key): key is StoredKey => key !== undefined,
    );
    const readable = await this.#access.filterAllowed(
      maskinportenIntegrationReadPermission,
      [...new Set(found.map(key => key.entityRef))],
      credentials,
    );
    const keys = new Map(found.filter(key => readable.has(key.entityRef)).map(key => [key.kid, key]));
    return lintGraviteeDefinition(definition, {
      environments: [...this.#config.environments.values()],
      lookupKey: kid => {
        const key = keys.get(kid);
        return key
          ? { state: key.state, expiresAt: key.expiresAt, environment: key.environment, clientId: key.clientId }
          : undefined;
      },
      now: this.#now(),
      keyWarningDays: this.#thresholds.warningDays,
    });
  }

  async #render(
    entity: Entity,
    integration: MaskinportenIntegration,
    options: { format: GraviteeFormat; secrets: GraviteeSecretMode },
  ): Promise<{ definition: GraviteeDefinition; kid: string; name: string; contextPath: string }> {
    if (!integration.clientId) {
      throw new ConflictError(
        `${integration.entityRef} has no client id yet; a token service needs maskinporten.no/client-id.`,
      );
    }
    if (options.secrets === 'inline') {
      // The key signs grants for this client: only the integration that holds the client may export it.
      await this.#claims.assertHeld(integration, 'gravitee-export');
    }
    const key = pickSigningKey(await this.#keys.list(integration), this.#now());
    const kid = key?.kid ?? integration.externalKeyId;
    if (!kid) {
      throw new ConflictError(
        `${integration.entityRef} has no usable key; generate one before rendering a Gravitee definition.`,
      );
    }
    if (options.secrets === 'inline' && !key) {
      throw new ConflictError(
        `The key ${kid} is registered outside Backstage, so its private half cannot be embedded; use secrets=placeholder.`,
      );
    }
    const environment = this.#config.environments.get(integration.environment)!;
    const gravitee = this.#config.gravitee;
    const name = entity.metadata.name;
    const contextPath =
      integration.gravitee?.contextPath ??
      gravitee.contextPathTemplate.replaceAll('{environment}', integration.environment).replaceAll('{name}', name);
    const definition = renderGraviteeDefinition(
      {
        entityRef: integration.entityRef,
        name: entity.metadata.title ?? name,
        environment,
        clientId: integration.clientId,
        scopes: integration.scopes,
        kid,
        privateKeyPem:
          options.secrets === 'inline' && key ? await this.#custody.open(key.privateKeyCiphertext, key.kid) : undefined,
        contextPath,
        ipAllowList: integration.gravitee?.ipAllowList ?? gravitee.ipAllowList,
        issuerFromHeader: gravitee.issuerFromHeader,
        consumerOrg: integration.consumerOrg,
        resources: integration.resources,
      },
      { format: options.format, secrets: options.secrets },
    );
    return { definition, kid, name, contextPath };
  }
}

/** The backend's own Gravitee deploy of the integration: in `format`, else the most recently updated. */
function latestOwnDeploy(
  records: GatewayDeploymentRecord[] | undefined,
  format?: GraviteeFormat,
): GatewayDeploymentRecord | undefined {
  return (records ?? [])
    .filter(r => r.target === 'gravitee' && r.origin === 'deployed' && (!format || r.definitionVersion === format))
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || String(b.definitionVersion).localeCompare(String(a.definitionVersion)))[0];
}
