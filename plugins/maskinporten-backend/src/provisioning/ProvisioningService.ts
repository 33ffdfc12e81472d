import { createHash, createPrivateKey, randomUUID } from 'node:crypto';
import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ProvisionIntegrationRequest,
  ProvisionIntegrationResponse,
  normalizeOwnerRef,
  validateIntegrationFields,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { MaskinportenConfig } from '../config/readMaskinportenConfig';
import { StoredKey } from '../database/MaskinportenStore';
import { DigdirSelfService } from '../digdir/types';
import { KeyEncryption } from '../keys/KeyEncryption';
import { createKid, generateRsaKey } from '../keys/generateKeyPair';
import { describePrincipal } from '../integrations/MaskinportenService';
import { KeyPropagationOptions, requestTokenWithNewKey } from '../maskinporten/keyPropagation';
import { ProvisioningRecord, ProvisioningStore } from './ProvisioningStore';

export interface ProvisioningServiceOptions {
  config: MaskinportenConfig;
  store: ProvisioningStore;
  catalog: CatalogService;
  auth: AuthService;
  keyEncryption: KeyEncryption;
  /** Digdir's self-service API; without it `registerWithDigdir` is refused. */
  digdir?: DigdirSelfService;
  logger: LoggerService;
  now?: () => Date;
  /** How long registration waits for Maskinporten to accept the new key (Digdir: 0-2 minutes). */
  keyPropagation?: KeyPropagationOptions;
}

/** A provisioning request whose every field has been checked. */
export interface ValidatedProvisioningRequest extends ProvisionIntegrationRequest {
  name: string;
  namespace: string;
  registerWithDigdir: boolean;
  dryRun: boolean;
}

/** Kid returned by a dry run, so templates can render their output without a real key. */
export const DRY_RUN_KID = 'dry-run-no-key-created';

const FIELDS = [
  'entityRef',
  'owner',
  'environment',
  'scopes',
  'clientId',
  'registerWithDigdir',
  'idempotencyKey',
  'dryRun',
];
const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:/-]{8,255}$/;

/** How Digdir's self-service API finds the client of an integration again after a crash. */
export function digdirClientDescription(entityRef: string, environment: string): string {
  return `backstage:${entityRef.toLocaleLowerCase('en-US')}:${environment}`;
}

/**
 * Creates the key (and, when asked, the Digdir client) of an integration whose catalog
 * entity does not exist yet: what the scaffolder action calls. Idempotent per
 * idempotency key: a replay answers with the same key and client and creates nothing.
 */
export class ProvisioningService {
  readonly #config: MaskinportenConfig;
  readonly #store: ProvisioningStore;
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #keyEncryption: KeyEncryption;
  readonly #digdir?: DigdirSelfService;
  readonly #logger: LoggerService;
  readonly #now: () => Date;
  readonly #keyPropagation?: KeyPropagationOptions;

  constructor(options: ProvisioningServiceOptions) {
    this.#config = options.config;
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#keyEncryption = options.keyEncryption;
    this.#digdir = options.digdir;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
    this.#keyPropagation = options.keyPropagation;
  }

  /** Checks the whole body; the InputError names every wrong field. Touches nothing. */
  validate(body: unknown): ValidatedProvisioningRequest {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new InputError('request body: must be a JSON object');
    }
    const input = body as Record<string, unknown>;
    const problems: string[] = [];
    const unknown = Object.keys(input).filter(field => !FIELDS.includes(field));
    if (unknown.length > 0) {
      problems.push(
        `request body: unknown field ${unknown.map(f => `"${f}"`).join(', ')}; allowed: ${FIELDS.join(', ')}`,
      );
    }

    let name: unknown;
    let namespace: unknown;
    if (typeof input.entityRef !== 'string') {
      problems.push('entityRef: must be "resource:<namespace>/<name>" of the entity to create');
    } else {
      try {
        const ref = parseEntityRef(input.entityRef);
        if (ref.kind.toLocaleLowerCase('en-US') !== 'resource') {
          problems.push(
            `entityRef: an integration is created as a maskinporten-client Resource ("resource:<namespace>/<name>"), got kind "${ref.kind}"`,
          );
        }
        name = ref.name;
        namespace = ref.namespace;
      } catch (error) {
        problems.push(`entityRef: ${(error as Error).message}`);
      }
    }
    problems.push(
      ...validateIntegrationFields(
        {
          name: name ?? 'placeholder',
          namespace,
          owner: input.owner,
          environment: input.environment,
          scopes: input.scopes,
          clientId: input.clientId,
        },
        { environments: [...this.#config.environments.keys()] },
      ).map(p => `${p.field === 'name' || p.field === 'namespace' ? 'entityRef' : p.field}: ${p.message}`),
    );

    for (const flag of ['registerWithDigdir', 'dryRun'] as const) {
      if (input[flag] !== undefined && typeof input[flag] !== 'boolean') {
        problems.push(`${flag}: must be true or false`);
      }
    }
    if (input.registerWithDigdir === true) {
      if (input.clientId !== undefined) {
        // Uploading a key set replaces the client's keys: only a client we create is ours to touch.
        problems.push(
          'registerWithDigdir: creates a new client, so it cannot be combined with clientId; register the key with an existing client in Samarbeidsportalen instead',
        );
      } else if (
        typeof input.environment === 'string' &&
        !this.#digdir?.isConfigured(input.environment)
      ) {
        problems.push(
          `registerWithDigdir: Digdir's self-service API is not configured for environment "${input.environment}" (maskinporten.environments.${input.environment}.selfService)`,
        );
      }
    }
    if (
      typeof input.idempotencyKey !== 'string' ||
      !IDEMPOTENCY_KEY_PATTERN.test(input.idempotencyKey)
    ) {
      problems.push(
        'idempotencyKey: must be 8-255 characters of letters, digits and ._:/- (e.g. the scaffolder task id)',
      );
    }
    if (problems.length > 0) {
      throw new InputError(problems.join('; '));
    }

    const ref = parseEntityRef(input.entityRef as string);
    return {
      entityRef: stringifyEntityRef(ref),
      name: ref.name,
      namespace: ref.namespace,
      owner: normalizeOwnerRef(input.owner as string),
      environment: (input.environment as string).trim(),
      scopes: (input.scopes as string[]).map(scope => scope.trim()),
      clientId: (input.clientId as string | undefined)?.trim(),
      registerWithDigdir: input.registerWithDigdir === true,
      idempotencyKey: input.idempotencyKey as string,
      dryRun: input.dryRun === true,
    };
  }

  async provision(
    request: ValidatedProvisioningRequest,
    credentials: BackstageCredentials,
  ): Promise<{ response: ProvisionIntegrationResponse; created: boolean }> {
    const fingerprint = fingerprintOf(request);
    const earlier = request.dryRun ? undefined : await this.#store.find(request.idempotencyKey);
    if (earlier) {
      this.#assertSameRequest(earlier, fingerprint);
      return { response: await this.#complete(earlier), created: false };
    }

    await this.#assertNew(request);
    if (request.dryRun) {
      return {
        response: {
          entityRef: request.entityRef,
          environment: request.environment,
          kid: DRY_RUN_KID,
          jwks: [],
          clientId: request.clientId,
          registeredWithDigdir: false,
          dryRun: true,
        },
        created: false,
      };
    }

    const now = this.#now();
    const generated = await generateRsaKey({
      kid: createKid({
        prefix: this.#config.keys.kidPrefix,
        environment: request.environment,
        entityName: request.name,
        now,
      }),
      modulusLength: this.#config.keys.modulusLength,
    });
    const createdBy = describePrincipal(credentials);
    const key: StoredKey = {
      id: randomUUID(),
      kid: generated.kid,
      entityRef: request.entityRef,
      environment: request.environment,
      clientId: request.clientId,
      algorithm: generated.publicJwk.alg,
      modulusLength: generated.modulusLength,
      publicJwk: generated.publicJwk,
      privateKeyCiphertext: this.#keyEncryption.encrypt(generated.privateKeyPem, generated.kid),
      encryptionSecretId: this.#keyEncryption.currentSecretId,
      state: 'pending',
      createdBy,
      createdAt: now,
      // Digdir starts the year when the key is posted; until then assume today.
      expiresAt: new Date(now.getTime() + this.#config.keys.lifetimeDays * 86_400_000),
    };
    const { record, created } = await this.#store.createWithKey(
      {
        idempotencyKey: request.idempotencyKey,
        fingerprint,
        entityRef: request.entityRef,
        environment: request.environment,
        kid: key.kid,
        scopes: request.scopes,
        clientId: request.clientId,
        registerWithDigdir: request.registerWithDigdir,
        createdBy,
        createdAt: now,
      },
      key,
    );
    if (!created) {
      this.#assertSameRequest(record, fingerprint);
    } else {
      this.#logger.info(
        `Provisioned key ${key.kid} for ${request.entityRef} (${request.environment}) for ${createdBy}`,
      );
    }
    return { response: await this.#complete(record), created };
  }

  /**
   * Finishes what the request asked for: registers with Digdir unless that is already done.
   * Both Digdir steps are safe to repeat: the client is found again by its description, and
   * posting the same key set again only renews it.
   */
  async #complete(record: ProvisioningRecord): Promise<ProvisionIntegrationResponse> {
    const jwk = await this.#store.publicJwk(record.kid);
    if (!jwk) {
      throw new ConflictError(
        `The key ${record.kid} made for ${record.entityRef} no longer exists; provision again with a new idempotencyKey`,
      );
    }
    let clientId = record.clientId;
    let registered = record.registeredAt !== undefined;
    if (record.registerWithDigdir && !registered) {
      const digdir = this.#digdir;
      if (!digdir?.isConfigured(record.environment)) {
        throw new ConflictError(
          `registerWithDigdir: Digdir's self-service API is no longer configured for environment "${record.environment}"`,
        );
      }
      const { client, created } = await digdir.ensureClient(record.environment, {
        clientName: parseEntityRef(record.entityRef).name,
        description: digdirClientDescription(record.entityRef, record.environment),
        scopes: record.scopes,
      });
      const keys = await digdir.replaceJwks(record.environment, client.clientId, [jwk]);
      const exp = keys.find(k => k.kid === jwk.kid)?.exp;
      const registeredAt = this.#now();
      await this.#store.markRegistered(record.idempotencyKey, {
        kid: record.kid,
        clientId: client.clientId,
        registeredAt,
        expiresAt: exp !== undefined ? new Date(exp * 1000) : undefined,
      });
      this.#logger.info(
        `Registered key ${record.kid} with Digdir client ${client.clientId} (${created ? 'created' : 'found again'}) for ${record.entityRef} (${record.environment})`,
      );
      await this.#waitUntilKeyIsAccepted(record, client.clientId);
      clientId = client.clientId;
      registered = true;
    }
    return {
      entityRef: stringifyEntityRef(parseEntityRef(record.entityRef)),
      environment: record.environment,
      kid: record.kid,
      jwks: [jwk],
      ...(clientId ? { clientId } : {}),
      registeredWithDigdir: record.registerWithDigdir && registered,
      dryRun: false,
    };
  }

  /**
   * Digdir takes 0-2 minutes to bring a new client and key to Maskinporten's token endpoint
   * ("Overføring av integrasjonskonfigurasjon, 0-2 minutter", https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin),
   * so the answer waits, bounded, until a token request with the new key succeeds: the
   * integration then works when provisioning says it is done. The key is registered either
   * way; a refusal that outlasts the wait is logged for the token test to show.
   */
  async #waitUntilKeyIsAccepted(record: ProvisioningRecord, clientId: string): Promise<void> {
    const environment = this.#config.environments.get(record.environment);
    const ciphertext = await this.#store.privateKeyCiphertext(record.kid);
    if (!environment || !ciphertext) {
      return;
    }
    const { result, attempts, waitedMs } = await requestTokenWithNewKey(
      {
        issuer: environment.issuer,
        tokenEndpoint: environment.tokenEndpoint,
        clientId,
        scopes: record.scopes,
        kid: record.kid,
        privateKey: createPrivateKey(this.#keyEncryption.decrypt(ciphertext, record.kid)),
        grantLifetimeSeconds: this.#config.grantLifetimeSeconds,
        timeoutMs: this.#config.tokenTests.timeoutMs,
      },
      { now: this.#now, ...this.#keyPropagation },
    );
    if (result.kind !== 'success') {
      const detail = result.kind === 'rejected' ? `${result.error} ${result.code ?? ''}`.trim() : result.kind;
      this.#logger.warn(
        `Key ${record.kid} of ${record.entityRef} (${record.environment}) is registered, but Maskinporten still refused it after ${attempts} attempt(s) over ${Math.round(waitedMs / 1000)} s: ${detail}`,
      );
    }
  }

  #assertSameRequest(record: ProvisioningRecord, fingerprint: string) {
    if (record.fingerprint !== fingerprint) {
      throw new ConflictError(
        `idempotencyKey: already used for a different request (${record.entityRef} in ${record.environment}); use a new key for a new request`,
      );
    }
  }

  /** A new integration only: an existing entity's keys are its owners' business (key.create). */
  async #assertNew(request: ValidatedProvisioningRequest) {
    // Our own credentials: an entity the caller may not read still exists.
    const entity = await this.#catalog.getEntityByRef(request.entityRef, {
      credentials: await this.#auth.getOwnServiceCredentials(),
    });
    if (entity) {
      throw new ConflictError(
        `entityRef: ${request.entityRef} already exists in the catalog; choose another name, or generate keys from its Maskinporten card`,
      );
    }
  }
}

/** What the request asks for, so a reused idempotency key with another request is caught. */
function fingerprintOf(request: ValidatedProvisioningRequest): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        request.entityRef.toLocaleLowerCase('en-US'),
        request.owner.toLocaleLowerCase('en-US'),
        request.environment,
        [...request.scopes].sort(),
        request.clientId ?? null,
        request.registerWithDigdir,
      ]),
    )
    .digest('hex');
}
