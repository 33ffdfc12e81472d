import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { GraviteeDefinition, GraviteeFormat } from '../types';
import { GraviteeManagementClient } from './GraviteeManagementClient';
import { GraviteeDeploymentKey, GraviteeDeploymentStore } from './GraviteeDeploymentStore';
import { sanitizeGraviteeText } from './errors';

export interface GraviteeDeployResult {
  apiId: string;
  status: 'deployed';
  format: GraviteeFormat;
  /** True when this deploy imported a new API, false when it updated the stored one. */
  created: boolean;
}

/**
 * Import-or-update, start, deploy; idempotent per integration, environment and format.
 *
 * The API id is stored the moment an import answers, before start and deploy, so a deploy
 * that fails later (or a retry after a crash) updates that API instead of importing a twin.
 * If Gravitee no longer knows the stored id (someone deleted the API), the deploy imports
 * again and stores the new id.
 */
export class GraviteeDeployer {
  constructor(
    private readonly client: GraviteeManagementClient,
    private readonly store: GraviteeDeploymentStore,
    private readonly logger: LoggerService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async deploy(options: {
    key: GraviteeDeploymentKey;
    definition: GraviteeDefinition;
    deployedBy: string;
  }): Promise<GraviteeDeployResult> {
    const { key, definition, deployedBy } = options;
    const { format } = key;
    const existing = await this.store.get(key);
    await this.store.upsert(key, { status: 'in-progress', deployedBy, at: this.now() });

    let apiId = existing?.apiId;
    let created = false;
    try {
      if (apiId) {
        try {
          await this.client.updateApi(format, apiId, definition);
        } catch (error) {
          if (!(error instanceof NotFoundError)) {
            throw error;
          }
          this.logger.warn(
            `Gravitee no longer has API ${apiId} for ${key.entityRef} (${key.environment}, ${format}); importing it again`,
          );
          apiId = undefined;
        }
      }
      if (!apiId) {
        apiId = await this.client.importApi(format, definition);
        created = true;
        await this.store.upsert(key, { apiId, status: 'in-progress', deployedBy, at: this.now() });
      }
      await this.client.startApi(format, apiId);
      await this.client.deployApi(format, apiId);
    } catch (error) {
      const message = sanitizeGraviteeText((error as Error)?.message ?? String(error));
      await this.store.upsert(key, {
        apiId,
        status: 'failed',
        lastError: message,
        deployedBy,
        at: this.now(),
      });
      this.logger.warn(
        `Gravitee deploy of ${key.entityRef} (${key.environment}, ${format}) failed: ${message}`,
      );
      throw error;
    }
    await this.store.upsert(key, { apiId, status: 'deployed', deployedBy, at: this.now() });
    this.logger.info(
      `Gravitee ${created ? 'imported' : 'updated'} and deployed API ${apiId} for ${key.entityRef} (${key.environment}, ${format})`,
    );
    return { apiId, status: 'deployed', format, created };
  }
}
