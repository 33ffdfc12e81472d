import { createHash } from 'node:crypto';
import {
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ProvisionIntegrationResponse,
  maskinportenIntegrationAdminPermission,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { MaskinportenConfig } from '../config/readMaskinportenConfig';
import { KeyStore, ProvisioningRecord, ProvisioningStore } from '../database';
import { DigdirSelfService } from '../digdir/types';
import { KeyIssuer } from '../keys/KeyIssuer';
import { describePrincipal } from '../access/entityAccess';
import { digdirClientDescription } from './clientDescription';
import { ClientClaims } from '../access/clientClaims';
import { ValidatedProvisioningRequest, validateProvisioningRequest } from './validateProvisioningRequest';

export type { ValidatedProvisioningRequest } from './validateProvisioningRequest';
import { TokenTester } from '../tokenTests/TokenTester';
import { ScopeCatalog } from '../scopes/ScopeCatalog';
import { KeyPropagationOptions } from '../tokenTests/keyPropagation';

export interface ProvisioningServiceOptions {
  config: MaskinportenConfig;
  store: ProvisioningStore;
  keys: KeyStore;
  issuer: KeyIssuer;
  catalog: CatalogService;
  auth: AuthService;
  /** Digdir's self-service API; without it `registerWithDigdir` is refused. */
  digdir?: DigdirSelfService;
  /** Who the caller is part of: an integration is created for one of the caller's own owners. */
  userInfo: UserInfoService;
  permissions: PermissionsService;
  /** An existing client id must be free (or this backend's) before an integration takes it. */
  clientClaims: Pick<ClientClaims, 'assertHeld' | 'recordProvisioned'>;
  /** What the organisation may use: a scope it has no access to is refused before anything is made. */
  scopes?: Pick<ScopeCatalog, 'accessTo'>;
  /** Checks, after registration, that Maskinporten accepts the new key. */
  tester: TokenTester;
  /** How long registration waits for Maskinporten to accept the new key (Digdir: 0-2 minutes). */
  keyPropagation?: KeyPropagationOptions;
  logger: LoggerService;
  now?: () => Date;
}

/** Kid returned by a dry run, so templates can render their output without a real key. */
export const DRY_RUN_KID = 'dry-run-no-key-created';


export { digdirClientDescription } from './clientDescription';

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
  readonly #keys: KeyStore;
  readonly #issuer: KeyIssuer;
  readonly #digdir?: DigdirSelfService;
  readonly #logger: LoggerService;
  readonly #now: () => Date;
  readonly #options: ProvisioningServiceOptions;

  constructor(options: ProvisioningServiceOptions) {
    this.#options = options;
    this.#config = options.config;
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#keys = options.keys;
    this.#issuer = options.issuer;
    this.#digdir = options.digdir;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
  }

  /** Checks the whole body; the InputError names every wrong field. Touches nothing. */
  validate(body: unknown): ValidatedProvisioningRequest {
    return validateProvisioningRequest(body, {
      environments: [...this.#config.environments.keys()],
      selfServiceConfigured: environment => this.#digdir?.isConfigured(environment) ?? false,
    });
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

    await this.#assertOwnerIsCallers(request, credentials);
    await this.#assertNew(request);
    await this.#assertScopesUsable(request);
    if (request.clientId) {
      await this.#options.clientClaims.assertHeld(
        { entityRef: request.entityRef, environment: request.environment, clientId: request.clientId },
        describePrincipal(credentials),
      );
    }
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
    const createdBy = describePrincipal(credentials);
    const base = {
      idempotencyKey: request.idempotencyKey,
      fingerprint,
      entityRef: request.entityRef,
      environment: request.environment,
      scopes: request.scopes,
      clientId: request.clientId,
      registerWithDigdir: request.registerWithDigdir,
      createdBy,
      createdAt: now,
    };
    let earlierRecord: ProvisioningRecord | undefined;
    let key;
    try {
      // The request row commits with its key, in the transaction the key issuer stores it in.
      key = await this.#issuer.issue(
        { entityRef: request.entityRef, environment: request.environment, clientId: request.clientId },
        {
          createdBy,
          now,
          within: async (tx, minted) => {
            const reserved = await this.#store.reserve(tx, { ...base, kid: minted.kid });
            earlierRecord = reserved.created ? undefined : reserved.record;
            return reserved.created;
          },
        },
      );
    } catch (error) {
      // Two requests with the same idempotency key for different integrations take different
      // locks; the primary key decides, and the loser answers with the winner's row.
      const winner = await this.#store.find(request.idempotencyKey);
      if (!winner) {
        throw error;
      }
      earlierRecord = winner;
    }
    const created = key !== undefined;
    const record = key ? { ...base, kid: key.kid } : earlierRecord!;
    if (!created) {
      this.#assertSameRequest(record, fingerprint);
    } else {
      this.#logger.info(
        `Provisioned key ${record.kid} for ${request.entityRef} (${request.environment}) for ${createdBy}`,
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
    const jwk = await this.#keys.publicJwk(record.kid);
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
      // The client is ours now; only then does a key go onto it.
      await this.#options.clientClaims.recordProvisioned(
        { entityRef: record.entityRef, environment: record.environment, clientId: client.clientId },
        record.createdBy ?? 'provisioning',
      );
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
   * The owner must be one of the caller's own ownership refs (the user, or a group they are
   * in), unless the caller may administer integrations: nobody creates an integration, and
   * reserves its name, on another team's behalf.
   */
  async #assertOwnerIsCallers(
    request: ValidatedProvisioningRequest,
    credentials: BackstageCredentials,
  ) {
    const owner = request.owner.toLocaleLowerCase('en-US');
    if ((credentials.principal as { type: string }).type === 'user') {
      const { ownershipEntityRefs } = await this.#options.userInfo.getUserInfo(credentials);
      if (ownershipEntityRefs.some(ref => ref.toLocaleLowerCase('en-US') === owner)) {
        return;
      }
    }
    const [decision] = await this.#options.permissions.authorize(
      [{ permission: maskinportenIntegrationAdminPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `owner: ${request.owner} is not one of your teams; create integrations for a group you are a member of (or ask an administrator with ${maskinportenIntegrationAdminPermission.name})`,
      );
    }
  }

  /**
   * Digdir takes 0-2 minutes to bring a new client and key to Maskinporten's token endpoint
   * ("Overføring av integrasjonskonfigurasjon, 0-2 minutter", https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin),
   * so the answer waits, bounded, until a token request with the new key succeeds (through the
   * one token tester, so the card shows it): the integration then works when provisioning says
   * it is done. The key is registered either way; a refusal that outlasts the wait is logged.
   */
  async #waitUntilKeyIsAccepted(record: ProvisioningRecord, clientId: string): Promise<void> {
    const key = await this.#keys.get(record.kid);
    if (!key || !this.#config.environments.has(record.environment)) {
      return;
    }
    const now = this.#now();
    const result = await this.#options.tester.test(
      { entityRef: record.entityRef, environment: record.environment, clientId, scopes: record.scopes },
      key,
      { requestedBy: record.createdBy ?? 'provisioning', now, propagation: { now: this.#now, ...this.#options.keyPropagation } },
    );
    if (result.outcome === 'success') {
      await this.#keys.activate(record.kid, this.#now());
      await this.#issuer.refreshIndexedExpiry(key, this.#now());
    } else {
      this.#logger.warn(
        `Key ${record.kid} of ${record.entityRef} (${record.environment}) is registered, but Maskinporten still refused it: ${result.message}`,
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

  /**
   * Every scope must be one the organisation can use in the environment (granted, or open to
   * all), per Digdir's scope-access API. Digdir would refuse such a client anyway, and a token
   * request with it fails with access_denied (MP-250); refusing here names the scope. When Digdir cannot be
   * asked (no self-service, or it is down), registration itself is the check.
   */
  async #assertScopesUsable(request: ValidatedProvisioningRequest) {
    const access = await this.#options.scopes?.accessTo(request.environment, request.scopes).catch(error => {
      this.#logger.warn(`Could not check scope access in ${request.environment}: ${(error as Error).message}`);
      return undefined;
    });
    const withoutAccess = request.scopes.filter(scope => access?.[scope] === 'request');
    if (withoutAccess.length > 0) {
      throw new InputError(
        `scopes: the organisation has no access to ${withoutAccess.map(s => `"${s}"`).join(', ')} in ${request.environment}; ask the API's owner for access first`,
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
