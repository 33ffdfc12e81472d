import { randomUUID, createPrivateKey } from 'node:crypto';
import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Entity, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  CreateKeyResponse,
  EntityIntegrationsResponse,
  ExpiryThresholds,
  KeyRotationView,
  MASKINPORTEN_CLIENT_RESOURCE_TYPE,
  MASKINPORTEN_ERRORS,
  MaskinportenIntegration,
  MaskinportenIntegrationView,
  PublicJwk,
  TokenTestResult,
  maskinportenGraviteeExportPermission,
  maskinportenIntegrationReadPermission,
  maskinportenKeyCreatePermission,
  maskinportenTokenTestPermission,
  parseMaskinportenIntegration,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { MaskinportenConfig } from '../config/readMaskinportenConfig';
import { KeyLimitError, MaskinportenStore, StoredKey } from '../database/MaskinportenStore';
import { KeyEncryption } from '../keys/KeyEncryption';
import { createKid, generateRsaKey } from '../keys/generateKeyPair';
import { signGrant } from '../maskinporten/grant';
import { TokenRequestResult, requestToken } from '../maskinporten/tokenClient';
import { RateLimitedError } from './errors';
import {
  GraviteeDefinition,
  GraviteeFormat,
  GraviteeLintResult,
  GraviteeSecretsMode,
  extractGraviteeKids,
  lintGraviteeDefinition,
  renderGraviteeDefinition,
} from '../gravitee';
import {
  MAX_KEYS_PER_CLIENT,
  buildIntegrationView,
  integrationExpiryKey,
  pickSigningKey,
  toJwkSet,
  toKeyView,
  usableKeys,
} from './keyViews';
import { ownerOf } from '../catalog/IntegrationIndexer';
import { GraviteeManagementClient } from '../gravitee/deploy/GraviteeManagementClient';
import { GraviteeDeployer, GraviteeDeployResult } from '../gravitee/deploy/GraviteeDeployer';
import {
  GraviteeDeploymentRecord,
  GraviteeDeploymentStore,
} from '../gravitee/deploy/GraviteeDeploymentStore';
import { RateLimiter } from './RateLimiter';

export interface MaskinportenServiceOptions {
  config: MaskinportenConfig;
  store: MaskinportenStore;
  catalog: CatalogService;
  permissions: PermissionsService;
  keyEncryption: KeyEncryption;
  logger: LoggerService;
  now?: () => Date;
  fetchImpl?: typeof fetch;
  /** Where Gravitee deploys are recorded; deploy needs it and `maskinporten.gravitee.managementUrl`/`token`. */
  graviteeDeployments?: GraviteeDeploymentStore;
  /** The integration's current key rotation, shown on the card (see `src/rotation`). */
  rotationView?: (integration: MaskinportenIntegration) => Promise<KeyRotationView | undefined>;
}

/** What the frontend needs to know to offer a deploy button. */
export interface GraviteeDeployStatus {
  deployConfigured: boolean;
  deployFormat: GraviteeFormat;
}

/** The last deploy, as `GET …/gravitee/deployment` answers it. */
export interface GraviteeDeploymentView {
  entityRef: string;
  environment: string;
  format: GraviteeFormat;
  apiId: string | null;
  /** The APIM version the management API reported on the last deploy. */
  apimVersion: string | null;
  status: GraviteeDeploymentRecord['status'];
  lastError: string | null;
  deployedBy: string | null;
  updatedAt: string;
}

const MAX_LINT_KIDS = 20;

/** Who asked, as recorded on keys and token tests. */
export function describePrincipal(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef;
  }
  return principal.subject ?? principal.type;
}

/**
 * The plugin's use cases: read an entity's integrations, generate keys, export the public
 * set and run token tests. Every method authorizes against the entity first.
 */
export class MaskinportenService {
  readonly #config: MaskinportenConfig;
  readonly #store: MaskinportenStore;
  readonly #catalog: CatalogService;
  readonly #permissions: PermissionsService;
  readonly #keyEncryption: KeyEncryption;
  readonly #logger: LoggerService;
  readonly #now: () => Date;
  readonly #fetch?: typeof fetch;
  readonly #thresholds: ExpiryThresholds;
  readonly #tokenTestLimiter: RateLimiter;
  readonly #graviteeDeployments?: GraviteeDeploymentStore;
  readonly #graviteeDeployer?: GraviteeDeployer;
  readonly #rotationView?: MaskinportenServiceOptions['rotationView'];

  constructor(options: MaskinportenServiceOptions) {
    this.#config = options.config;
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#permissions = options.permissions;
    this.#keyEncryption = options.keyEncryption;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
    this.#fetch = options.fetchImpl;
    this.#thresholds = {
      warningDays: options.config.keys.warningDays,
      criticalDays: options.config.keys.criticalDays,
    };
    this.#tokenTestLimiter = new RateLimiter(
      options.config.tokenTests.rateLimitPerWindow,
      options.config.tokenTests.rateLimitWindowSeconds * 1000,
    );
    this.#graviteeDeployments = options.graviteeDeployments;
    this.#rotationView = options.rotationView;
    const deployConfig = options.config.gravitee.deploy;
    if (deployConfig && options.graviteeDeployments) {
      this.#graviteeDeployer = new GraviteeDeployer(
        new GraviteeManagementClient(deployConfig, options.fetchImpl),
        options.graviteeDeployments,
        options.logger,
        this.#now,
      );
    }
  }

  get environments(): string[] {
    return [...this.#config.environments.keys()];
  }

  /**
   * The integrations the entity card shows: the entity's own, and those of the
   * `maskinporten-client` resources related to it (`dependsOn` / `dependencyOf`).
   */
  async getEntityIntegrations(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityIntegrationsResponse> {
    const entity = await this.#loadEntity(entityRef, credentials);
    await this.#authorize(maskinportenIntegrationReadPermission, entity, credentials);
    const related = await this.#relatedClientResources(entity, credentials);
    const response: EntityIntegrationsResponse = { items: [], invalid: [] };
    for (const candidate of [entity, ...related]) {
      const parsed = parseMaskinportenIntegration(candidate, {
        environments: this.environments,
      });
      if (parsed.kind === 'invalid') {
        response.invalid.push({ entityRef: parsed.entityRef, problems: parsed.problems });
      } else if (parsed.kind === 'integration') {
        response.items.push(await this.toIntegrationView(candidate, parsed.integration));
      }
    }
    return response;
  }

  async toIntegrationView(
    entity: Entity,
    integration: MaskinportenIntegration,
  ): Promise<MaskinportenIntegrationView> {
    const [keys, lastTokenTest, rotation] = await Promise.all([
      this.#store.listKeys(integration),
      this.#store.latestTokenTest(integration),
      this.#rotationView?.(integration),
    ]);
    const view = buildIntegrationView({
      integration,
      title: entity.metadata.title ?? entity.metadata.name,
      owner: ownerOf(entity),
      keys,
      lastTokenTest,
      now: this.#now(),
      thresholds: this.#thresholds,
    });
    return rotation ? { ...view, rotation } : view;
  }

  /** The entity's integration, after authorizing `permission` on the entity (for other route modules). */
  async authorizedIntegration(
    entityRef: string,
    permission: ResourcePermission<'catalog-entity'>,
    credentials: BackstageCredentials,
  ): Promise<{ entity: Entity; integration: MaskinportenIntegration }> {
    const loaded = await this.#loadIntegration(entityRef, credentials);
    await this.#authorize(permission, loaded.entity, credentials);
    return loaded;
  }

  get thresholds(): ExpiryThresholds {
    return this.#thresholds;
  }

  async #relatedClientResources(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const refs = [
      ...new Set(
        (entity.relations ?? [])
          .filter(r => r.type === 'dependsOn' || r.type === 'dependencyOf')
          .map(r => r.targetRef)
          .filter(ref => ref.startsWith('resource:')),
      ),
    ];
    if (refs.length === 0) {
      return [];
    }
    const { items } = await this.#catalog.getEntitiesByRefs({ entityRefs: refs }, { credentials });
    const resources = items.filter(
      (item): item is Entity =>
        item !== undefined && item.spec?.type === MASKINPORTEN_CLIENT_RESOURCE_TYPE,
    );
    if (resources.length === 0) {
      return [];
    }
    const decisions = await this.#permissions.authorize(
      resources.map(resource => ({
        permission: maskinportenIntegrationReadPermission,
        resourceRef: stringifyEntityRef(resource),
      })),
      { credentials },
    );
    return resources.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW);
  }

  async createKey(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<CreateKeyResponse> {
    const { entity, integration } = await this.#loadIntegration(entityRef, credentials);
    await this.#authorize(maskinportenKeyCreatePermission, entity, credentials);

    const now = this.#now();
    const existing = await this.#store.listKeys(integration);
    if (toJwkSet(existing, now).length >= MAX_KEYS_PER_CLIENT) {
      throw this.#keyLimitError(integration);
    }

    const generated = await generateRsaKey({
      kid: createKid({
        prefix: this.#config.keys.kidPrefix,
        environment: integration.environment,
        entityName: entity.metadata.name,
        now,
      }),
      modulusLength: this.#config.keys.modulusLength,
    });
    const stored: StoredKey = {
      id: randomUUID(),
      kid: generated.kid,
      entityRef: integration.entityRef,
      environment: integration.environment,
      clientId: integration.clientId,
      algorithm: generated.publicJwk.alg,
      modulusLength: generated.modulusLength,
      publicJwk: generated.publicJwk,
      privateKeyCiphertext: this.#keyEncryption.encrypt(
        generated.privateKeyPem,
        generated.kid,
      ),
      encryptionSecretId: this.#keyEncryption.currentSecretId,
      state: 'pending',
      createdBy: describePrincipal(credentials),
      createdAt: now,
      // Digdir starts the year when the key is posted; until that is known we assume
      // today, which can only make the warning come early, never late.
      expiresAt: new Date(now.getTime() + this.#config.keys.lifetimeDays * 86_400_000),
    };
    try {
      await this.#store.insertKey(stored, { maxLiveKeys: MAX_KEYS_PER_CLIENT, now });
    } catch (error) {
      if (error instanceof KeyLimitError) {
        throw this.#keyLimitError(integration);
      }
      throw error;
    }

    const keys = await this.#store.listKeys(integration);
    await this.#store.setIntegrationExpiry(
      integration.entityRef,
      integrationExpiryKey(keys, now)?.expiresAt,
    );
    return {
      key: toKeyView(stored, now, this.#thresholds),
      jwk: toJwkSet([stored], now)[0],
      jwks: toJwkSet(keys, now),
    };
  }

  async getJwks(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<PublicJwk[]> {
    const { entity, integration } = await this.#loadIntegration(entityRef, credentials);
    await this.#authorize(maskinportenIntegrationReadPermission, entity, credentials);
    return toJwkSet(await this.#store.listKeys(integration), this.#now());
  }

  /**
   * Renders the integration's Gravitee token service. Only `secrets: 'inline'` puts the
   * private key in the output, and it needs the export permission on the entity.
   */
  async renderGravitee(
    entityRef: string,
    options: { format: GraviteeFormat; secrets: GraviteeSecretsMode },
    credentials: BackstageCredentials,
  ): Promise<{ definition: GraviteeDefinition; kid: string; name: string }> {
    const { entity, integration } = await this.#loadIntegration(entityRef, credentials);
    await this.#authorize(
      options.secrets === 'inline'
        ? maskinportenGraviteeExportPermission
        : maskinportenIntegrationReadPermission,
      entity,
      credentials,
    );
    return this.#renderGravitee(entity, integration, options);
  }

  get graviteeStatus(): GraviteeDeployStatus {
    return {
      deployConfigured: this.#graviteeDeployer !== undefined,
      deployFormat: this.#config.gravitee.deployFormat,
    };
  }

  /**
   * Imports or updates the integration's token service in Gravitee, starts and deploys it.
   * The deployed definition carries the key inline (Generate JWT reads no secret references),
   * so this needs the export permission.
   */
  async deployGravitee(
    entityRef: string,
    options: { format?: GraviteeFormat },
    credentials: BackstageCredentials,
  ): Promise<GraviteeDeployResult & { kid: string; secrets: GraviteeSecretsMode }> {
    const deployer = this.#graviteeDeployer;
    if (!deployer) {
      throw new ServiceUnavailableError(
        'Gravitee deploy is not configured: configure maskinporten.gravitee.managementUrl and token',
      );
    }
    const { entity, integration } = await this.#loadIntegration(entityRef, credentials);
    await this.#authorize(maskinportenGraviteeExportPermission, entity, credentials);
    const format = options.format ?? this.#config.gravitee.deployFormat;
    const secrets: GraviteeSecretsMode = 'inline';
    const { definition, kid } = await this.#renderGravitee(entity, integration, {
      format,
      secrets,
    });
    const result = await deployer.deploy({
      key: { entityRef: integration.entityRef, environment: integration.environment, format },
      definition,
      deployedBy: describePrincipal(credentials),
    });
    return { ...result, kid, secrets };
  }

  /** The integration's last Gravitee deploy (in `format`, or the most recent of any). */
  async getGraviteeDeployment(
    entityRef: string,
    options: { format?: GraviteeFormat },
    credentials: BackstageCredentials,
  ): Promise<GraviteeDeploymentView> {
    const { entity, integration } = await this.#loadIntegration(entityRef, credentials);
    await this.#authorize(maskinportenIntegrationReadPermission, entity, credentials);
    const record = await this.#graviteeDeployments?.latest({
      entityRef: integration.entityRef,
      environment: integration.environment,
      format: options.format,
    });
    if (!record) {
      throw new NotFoundError(
        `${integration.entityRef} has not been deployed to Gravitee${options.format ? ` as ${options.format}` : ''}`,
      );
    }
    return {
      entityRef: integration.entityRef,
      environment: record.environment,
      format: record.format,
      apiId: record.apiId ?? null,
      apimVersion: record.apimVersion ?? null,
      status: record.status,
      lastError: record.lastError ?? null,
      deployedBy: record.deployedBy ?? null,
      updatedAt: record.updatedAt.toISOString(),
    };
  }

  async #renderGravitee(
    entity: Entity,
    integration: MaskinportenIntegration,
    options: { format: GraviteeFormat; secrets: GraviteeSecretsMode },
  ): Promise<{ definition: GraviteeDefinition; kid: string; name: string }> {
    if (!integration.clientId) {
      throw new ConflictError(
        `${integration.entityRef} has no client id yet; a token service needs maskinporten.no/client-id.`,
      );
    }
    const key = pickSigningKey(await this.#store.listKeys(integration), this.#now());
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
    const definition = renderGraviteeDefinition(
      {
        entityRef: integration.entityRef,
        name: entity.metadata.title ?? name,
        environment,
        clientId: integration.clientId,
        scopes: integration.scopes,
        kid,
        privateKeyPem:
          options.secrets === 'inline' && key
            ? this.#keyEncryption.decrypt(key.privateKeyCiphertext, key.kid)
            : undefined,
        contextPath:
          integration.gravitee?.contextPath ??
          gravitee.contextPathTemplate
            .replaceAll('{environment}', integration.environment)
            .replaceAll('{name}', name),
        ipAllowList: integration.gravitee?.ipAllowList ?? gravitee.ipAllowList,
        issuerFromHeader: gravitee.issuerFromHeader,
        consumerOrg: integration.consumerOrg,
        resources: integration.resources,
      },
      {
        format: options.format,
        secrets: options.secrets,
      },
    );
    return { definition, kid, name };
  }

  /** Lints any Gravitee definition against the configured environments and our keys. */
  async lintGravitee(definition: unknown): Promise<GraviteeLintResult> {
    // A definition has one or two kids; the cap keeps a crafted body from fanning out queries.
    const kids = extractGraviteeKids(definition).slice(0, MAX_LINT_KIDS);
    const keys = new Map(
      (await Promise.all(kids.map(kid => this.#store.getKey(kid))))
        .filter((key): key is StoredKey => key !== undefined)
        .map(key => [key.kid, key]),
    );
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

  async runTokenTest(
    entityRef: string,
    request: { scopes?: string[]; kid?: string },
    credentials: BackstageCredentials,
  ): Promise<TokenTestResult> {
    const { entity, integration } = await this.#loadIntegration(entityRef, credentials);
    await this.#authorize(maskinportenTokenTestPermission, entity, credentials);

    if (!integration.clientId) {
      throw new ConflictError(
        `${integration.entityRef} has no client id yet. Register the client in Samarbeidsportalen and add the annotation maskinporten.no/client-id.`,
      );
    }
    const scopes = request.scopes ?? integration.scopes;
    const unknownScopes = scopes.filter(s => !integration.scopes.includes(s));
    if (unknownScopes.length > 0) {
      throw new InputError(
        `scopes: ${unknownScopes.join(', ')} not declared on the entity; choose from ${integration.scopes.join(', ')}`,
      );
    }

    const now = this.#now();
    const keys = await this.#store.listKeys(integration);
    const key = request.kid
      ? keys.find(k => k.kid === request.kid)
      : pickSigningKey(keys, now);
    if (request.kid && !key) {
      throw new InputError(`kid: no key "${request.kid}" belongs to ${integration.entityRef}`);
    }
    if (key && !usableKeys([key], now).length) {
      throw new ConflictError(
        `kid: the key "${key.kid}" is ${key.state === 'revoked' ? 'revoked' : 'expired'}; test a usable key instead`,
      );
    }
    if (!key) {
      throw new ConflictError(
        `${integration.entityRef} has no usable key held by Backstage. Generate a key and upload the JWK array to Samarbeidsportalen first.`,
      );
    }

    const waitMs = this.#tokenTestLimiter.tryAcquire(
      `${integration.entityRef}|${integration.environment}`,
      now.getTime(),
    );
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new RateLimitedError(
        `Too many token tests for ${integration.entityRef}; try again in ${seconds} s`,
        seconds,
      );
    }

    const environment = this.#config.environments.get(integration.environment)!;
    const privateKey = createPrivateKey(
      this.#keyEncryption.decrypt(key.privateKeyCiphertext, key.kid),
    );
    const assertion = await signGrant({
      issuer: environment.issuer,
      clientId: integration.clientId,
      scopes,
      kid: key.kid,
      privateKey,
      now,
      lifetimeSeconds: this.#config.grantLifetimeSeconds,
      resources: integration.resources,
      consumerOrg: integration.consumerOrg,
    });
    const started = performance.now();
    const response = await requestToken({
      tokenEndpoint: environment.tokenEndpoint,
      assertion,
      timeoutMs: this.#config.tokenTests.timeoutMs,
      fetchImpl: this.#fetch,
    });
    const result: TokenTestResult = {
      id: randomUUID(),
      entityRef: integration.entityRef,
      environment: integration.environment,
      clientId: integration.clientId,
      kid: key.kid,
      requestedBy: describePrincipal(credentials),
      requestedAt: now.toISOString(),
      durationMs: Math.round(performance.now() - started),
      ...describeTokenResponse(response, environment.name),
    };
    await this.#store.insertTokenTest(result);
    if (result.outcome === 'success' && key.state === 'pending') {
      await this.#store.markKeyActive(key.kid, now);
      await this.#store.setIntegrationExpiry(
        integration.entityRef,
        integrationExpiryKey(await this.#store.listKeys(integration), now)?.expiresAt,
      );
    }
    this.#logger.info(
      `Token test for ${integration.entityRef} (${integration.environment}, kid ${key.kid}): ${result.outcome}${result.errorCode ? ` ${result.errorCode}` : ''}`,
    );
    return result;
  }

  async #loadIntegration(entityRef: string, credentials: BackstageCredentials) {
    const entity = await this.#loadEntity(entityRef, credentials);
    const parsed = parseMaskinportenIntegration(entity, {
      environments: this.environments,
    });
    if (parsed.kind === 'absent') {
      throw new InputError(
        `${parsed.entityRef} has no Maskinporten annotations. Add maskinporten.no/scopes (and maskinporten.no/environment, maskinporten.no/client-id) to its metadata.annotations.`,
      );
    }
    if (parsed.kind === 'invalid') {
      throw new ConflictError(
        `${parsed.entityRef} has invalid Maskinporten annotations: ${parsed.problems
          .map(p => `${p.annotation}: ${p.message} Fix: ${p.fix}`)
          .join(' ')}`,
      );
    }
    return { entity, integration: parsed.integration };
  }

  async #loadEntity(entityRef: string, credentials: BackstageCredentials): Promise<Entity> {
    const entity = await this.#catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    return entity;
  }

  async #authorize(
    permission: ResourcePermission<'catalog-entity'>,
    entity: Entity,
    credentials: BackstageCredentials,
  ) {
    const [decision] = await this.#permissions.authorize(
      [{ permission, resourceRef: stringifyEntityRef(entity) }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed: ${permission.name} on ${stringifyEntityRef(entity)}`,
      );
    }
  }

  #keyLimitError(integration: MaskinportenIntegration) {
    return new ConflictError(
      `${integration.entityRef} already has ${MAX_KEYS_PER_CLIENT} unexpired keys, the most Maskinporten allows per client. Retire a key before generating another.`,
    );
  }
}

/** Parses `kind:namespace/name` route parameters into a ref, rejecting nonsense early. */
export function entityRefFromParams(params: {
  kind: string;
  namespace: string;
  name: string;
}): string {
  try {
    return stringifyEntityRef(
      parseEntityRef({ kind: params.kind, namespace: params.namespace, name: params.name }),
    );
  } catch (error) {
    throw new InputError(`Invalid entity reference: ${(error as Error).message}`);
  }
}

export function describeTokenResponse(
  response: TokenRequestResult,
  environment: string,
): Pick<
  TokenTestResult,
  | 'outcome'
  | 'message'
  | 'httpStatus'
  | 'errorCode'
  | 'error'
  | 'errorDescription'
  | 'meaning'
  | 'fix'
  | 'grantedScopes'
  | 'expiresIn'
> {
  switch (response.kind) {
    case 'success':
      return {
        outcome: 'success',
        httpStatus: response.status,
        grantedScopes: response.scopes,
        expiresIn: response.expiresIn,
        message: `Maskinporten (${environment}) issued a token for ${
          response.scopes.join(' ') || 'the requested scopes'
        }${response.expiresIn !== undefined ? `, valid for ${response.expiresIn} s` : ''}.`,
      };
    case 'rejected': {
      const explanation = response.code ? MASKINPORTEN_ERRORS[response.code] : undefined;
      return {
        outcome: 'rejected',
        httpStatus: response.status,
        error: response.error,
        errorDescription: response.errorDescription,
        errorCode: response.code,
        meaning: explanation?.meaning,
        fix: explanation?.fix,
        message: `Maskinporten (${environment}) refused the grant: ${response.error}${
          response.code ? ` ${response.code}` : ''
        }${explanation ? `. ${explanation.meaning}` : ''}`,
      };
    }
    case 'timeout':
      return {
        outcome: 'timeout',
        message: `The ${environment} token endpoint did not answer within ${response.timeoutMs} ms.`,
      };
    case 'unreachable':
      return {
        outcome: 'unreachable',
        message: `The ${environment} token endpoint could not be reached (${response.detail}).`,
      };
    case 'upstream-error':
      return {
        outcome: 'upstream-error',
        httpStatus: response.status,
        message: `The ${environment} token endpoint failed: ${response.detail}.`,
      };
    default:
      throw new Error('unreachable');
  }
}
