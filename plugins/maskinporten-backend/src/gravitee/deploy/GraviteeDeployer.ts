import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { GatewayDeploymentConflictError, GatewayDeploymentStore } from '../../database';
import { GraviteeDefinition, GraviteeFormat } from '../types';
import { ApimVersion, isSupportedApimVersion } from './apimVersion';
import { deploymentMarker, withDeploymentMarker } from './deploymentMarker';
import { GraviteeManagementClient } from './GraviteeManagementClient';
import { sanitizeGraviteeText } from './errors';
import { SecretScrubber } from './secretScrubber';

/** The backend's own token service of one integration, in one format. */
export interface GraviteeDeploymentKey {
  entityRef: string;
  environment: string;
  format: GraviteeFormat;
}

/** What the deployed definition signs with and where it listens, recorded once it is live. */
export interface GraviteeDeployedService {
  kid: string;
  keyFingerprint?: string;
  contextPath?: string;
  name?: string;
}

/** What the deployer did; the route adds the kid and secret mode (GraviteeDeployResponse in -common). */
export interface GraviteeDeployResult {
  apiId: string;
  status: 'deployed';
  format: GraviteeFormat;
  /** True when this deploy imported a new API, false when it updated an existing one. */
  created: boolean;
  /** The APIM version the management API reported, e.g. `4.10.8`. */
  apimVersion: string;
}

/** The deployer's view of its rows: one per integration and format under the target. */
class DeployerStore {
  constructor(
    private readonly store: GatewayDeploymentStore,
    private readonly target: string,
  ) {}

  get(key: GraviteeDeploymentKey) {
    return this.store.slot({ ...key, target: this.target });
  }

  async upsert(
    key: GraviteeDeploymentKey,
    update: {
      apiId?: string;
      apimVersion?: string;
      status: 'in-progress' | 'deployed' | 'failed';
      lastError?: string;
      deployedBy: string;
      at: Date;
      service?: GraviteeDeployedService;
    },
  ) {
    const slot = { ...key, target: this.target };
    const existing = await this.store.slot(slot);
    try {
      await this.store.upsertSlot(slot, {
        id: existing?.id ?? randomUUID(),
        apiId: update.apiId,
        gatewayVersion: update.apimVersion,
        state: update.status === 'in-progress' ? 'deploying' : update.status,
        lastError: update.lastError,
        deployedBy: update.deployedBy,
        kid: update.service?.kid,
        keyFingerprint: update.service?.keyFingerprint,
        contextPath: update.service?.contextPath,
        name: update.service?.name,
        at: update.at,
      });
    } catch (error) {
      if (error instanceof GatewayDeploymentConflictError) {
        throw new ConflictError(
          `${error.message}${error.existing ? ` (${error.existing.entityRef}, ${error.existing.environment})` : ''}; unlink it there first.`,
        );
      }
      throw error;
    }
  }
}

/**
 * Import-or-update, start, deploy; idempotent per integration, environment and format, on
 * any APIM 4.x (the client picks the routes of the version it finds).
 *
 * The API is found again by id (stored) or by the deployment marker the definition carries
 * (see deploymentMarker.ts), never by name or context path. A 404 on update means "look the
 * API up": only when Gravitee answers 404 for the API itself is it gone, and only then is it
 * imported again. An import whose answer was lost or refused is followed by a look-up by
 * marker, so a retry updates the API the lost import created instead of creating a twin.
 * The id and APIM version are stored the moment they are known, before start and deploy.
 * Each integration and format is one row of the gateway deployments (`deploy_slot`), target
 * `gravitee`; once live it records the kid and key fingerprint the definition signs with.
 */
export class GraviteeDeployer {
  readonly #store: DeployerStore;

  constructor(
    private readonly client: GraviteeManagementClient,
    store: GatewayDeploymentStore,
    private readonly logger: LoggerService,
    private readonly now: () => Date = () => new Date(),
    /** The gateway target id the rows are recorded under. */
    target: string = 'gravitee',
  ) {
    this.#store = new DeployerStore(store, target);
  }

  async deploy(options: {
    key: GraviteeDeploymentKey;
    definition: GraviteeDefinition;
    deployedBy: string;
    service: GraviteeDeployedService;
  }): Promise<GraviteeDeployResult> {
    const { key, deployedBy } = options;
    const { format } = key;
    const scrubber = SecretScrubber.forRequest(options.definition);
    const marker = deploymentMarker(key);
    const definition = withDeploymentMarker(format, options.definition, marker);
    const existing = await this.#store.get(key);
    await this.#store.upsert(key, { status: 'in-progress', deployedBy, at: this.now() });

    let apiId = existing?.apiId;
    let apimVersion: string | undefined;
    let created = false;
    try {
      const version = await this.client.getVersion();
      apimVersion = version.text;
      if (!isSupportedApimVersion(version)) {
        throw new ConflictError(
          `Gravitee APIM ${version.text} is not supported: deploy speaks the management API of APIM 4.x`,
        );
      }
      apiId = apiId ?? (await this.client.findApi(format, marker));
      if (apiId) {
        apiId = await this.#updateUnlessGone({ key, version, apiId, definition, scrubber });
      }
      if (!apiId) {
        const imported = await this.#importOrAdopt({ key, version, marker, definition, scrubber });
        apiId = imported.apiId;
        created = imported.created;
        await this.#store.upsert(key, { apiId, apimVersion, status: 'in-progress', deployedBy, at: this.now() });
      }
      const deployedId: string = apiId;
      await this.client.startApi(format, deployedId);
      await this.client.deployApi(format, deployedId);
    } catch (error) {
      const message = sanitizeGraviteeText((error as Error)?.message ?? String(error), scrubber);
      await this.#store.upsert(key, {
        apiId,
        apimVersion,
        status: 'failed',
        lastError: message,
        deployedBy,
        at: this.now(),
      });
      this.logger.warn(`Gravitee deploy of ${describe(key)} failed: ${message}`);
      throw error;
    }
    const deployedId = apiId as string;
    await this.#store.upsert(key, {
      apiId: deployedId,
      apimVersion,
      status: 'deployed',
      deployedBy,
      at: this.now(),
      service: options.service,
    });
    this.logger.info(
      `Gravitee ${created ? 'imported' : 'updated'} and deployed API ${deployedId} for ${describe(key)} on APIM ${apimVersion}`,
    );
    return { apiId: deployedId, status: 'deployed', format, created, apimVersion: apimVersion as string };
  }

  /** Updates the API; answers undefined only when Gravitee says the API itself is gone. */
  async #updateUnlessGone(o: {
    key: GraviteeDeploymentKey;
    version: ApimVersion;
    apiId: string;
    definition: GraviteeDefinition;
    scrubber: SecretScrubber;
  }): Promise<string | undefined> {
    try {
      await this.client.updateApi(o.key.format, o.version, o.apiId, o.definition, o.scrubber);
      return o.apiId;
    } catch (error) {
      if (!(error instanceof NotFoundError)) {
        throw error;
      }
      if (await this.client.apiExists(o.key.format, o.apiId)) {
        throw new ConflictError(
          `Gravitee answered 404 to the update of API ${o.apiId}, which exists; no second API is imported. ${error.message}`,
        );
      }
      this.logger.warn(`Gravitee no longer has API ${o.apiId} for ${describe(o.key)}; importing it again`);
      return undefined;
    }
  }

  /** Imports; when the import fails, adopts the API it may have created after all. */
  async #importOrAdopt(o: {
    key: GraviteeDeploymentKey;
    version: ApimVersion;
    marker: string;
    definition: GraviteeDefinition;
    scrubber: SecretScrubber;
  }): Promise<{ apiId: string; created: boolean }> {
    try {
      return { apiId: await this.client.importApi(o.key.format, o.definition, o.scrubber), created: true };
    } catch (error) {
      const found = await this.client.findApi(o.key.format, o.marker).catch(() => undefined);
      if (!found) {
        throw error;
      }
      this.logger.warn(`Gravitee import for ${describe(o.key)} failed, but API ${found} carries its marker; updating it`);
      await this.client.updateApi(o.key.format, o.version, found, o.definition, o.scrubber);
      return { apiId: found, created: false };
    }
  }
}

function describe(key: GraviteeDeploymentKey): string {
  return `${key.entityRef} (${key.environment}, ${key.format})`;
}
