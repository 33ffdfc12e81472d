import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  MaskinportenIntegrationView,
  maskinportenKeyCreatePermission,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { ClientClaims } from '../access/clientClaims';
import { EntityAccess, describePrincipal } from '../access/entityAccess';
import { DigdirSelfService } from '../digdir/types';
import { EntityIntegrations } from '../listing/EntityIntegrations';

export interface AdoptionServiceOptions {
  entities: EntityAccess;
  claims: Pick<ClientClaims, 'adopt'>;
  digdir?: Pick<DigdirSelfService, 'isConfigured' | 'getClient'>;
  views: Pick<EntityIntegrations, 'view'>;
}

/**
 * An owner adopts a client imported from Digdir: from then on its keys are managed here
 * (new keys, token tests, rotation). Nothing changes at Digdir: the keys the client brought
 * stay registered until a rotation replaces them (KeyRotationService retires them with the
 * rest once the new key is verified).
 */
export class AdoptionService {
  readonly #options: AdoptionServiceOptions;

  constructor(options: AdoptionServiceOptions) {
    this.#options = options;
  }

  async adopt(entityRef: string, credentials: BackstageCredentials): Promise<MaskinportenIntegrationView> {
    const { entities, claims, digdir, views } = this.#options;
    const { entity, integration } = await entities.authorizedIntegration(
      entityRef,
      maskinportenKeyCreatePermission,
      credentials,
    );
    if (!integration.imported) {
      throw new ConflictError(
        `${integration.entityRef} was not imported from Digdir (maskinporten.no/imported-from); there is nothing to adopt`,
      );
    }
    if (integration.imported.unclaimed) {
      // The triage group holds unclaimed clients only until someone says whose they are;
      // adopting would make it the key owner by default.
      throw new ConflictError(
        `${integration.entityRef} is unclaimed: add an ownership rule naming its team (maskinporten.import.ownership), and its owners can adopt it after the next import`,
      );
    }
    if (!integration.clientId) {
      throw new ConflictError(`${integration.entityRef} has no client id (maskinporten.no/client-id) to adopt`);
    }
    if (digdir?.isConfigured(integration.environment)) {
      const client = await digdir.getClient(integration.environment, integration.clientId);
      if (!client?.active) {
        throw new ConflictError(
          `Digdir lists no active client ${integration.clientId} in ${integration.environment}; it was deleted or deactivated since the import`,
        );
      }
    }
    await claims.adopt(
      { entityRef: integration.entityRef, environment: integration.environment, clientId: integration.clientId },
      describePrincipal(credentials),
    );
    return views.view(entity, integration);
  }
}
