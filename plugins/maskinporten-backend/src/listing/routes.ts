import { Router } from 'express';
import { PermissionsService } from '@backstage/backend-plugin-api';
import {
  ExpiryThresholds,
  KeyRotationView,
  emptyRequestSchema,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { ClientClaims } from '../access/clientClaims';
import { entityRefFromParams } from '../access/entityAccess';
import { MaskinportenStores } from '../database';
import { parseBody } from '../service/requests';
import { ENTITY_ROUTE, RouteContext } from '../service/routeContext';
import { EntityIntegrations, GatewaySummaries } from './EntityIntegrations';
import { IntegrationIndexer } from './IntegrationIndexer';
import { listIntegrations, parseListQuery } from './listIntegrations';
import { ListingCursors } from './listingCursors';

/** `GET /v1/integrations`, `POST /v1/integrations/refresh`, `GET …/integrations`. */
export function registerListingRoutes(
  router: Router,
  context: RouteContext & {
    stores: MaskinportenStores;
    permissions: PermissionsService;
    indexer: IntegrationIndexer;
    entityIntegrations: EntityIntegrations;
    claims: ClientClaims;
    cursors: ListingCursors;
    environments: string[];
    thresholds: ExpiryThresholds;
    openRotations?: (entityRefs: string[]) => Promise<KeyRotationView[]>;
    gatewaySummaries?: GatewaySummaries;
    now: () => Date;
  },
) {
  const { access, stores, permissions, indexer, entityIntegrations, claims, cursors } = context;

  router.get('/v1/integrations', async (req, res) => {
    const credentials = await access.credentials(req, 'read');
    const query = parseListQuery(req.query as Record<string, unknown>, context.environments, cursors);
    // Right after a first start the index may not have synced yet: fill it before answering.
    await indexer.syncIfEmpty();
    res.json(
      await listIntegrations({
        query,
        credentials,
        stores,
        permissions,
        now: context.now(),
        thresholds: context.thresholds,
        openRotations: context.openRotations,
        clientConflicts: integrations => claims.conflictsFor(integrations),
        gatewaySummaries: context.gatewaySummaries,
        cursors,
      }),
    );
  });

  // Manual refresh of the integration index, for when the scheduled sync is not soon enough.
  router.post('/v1/integrations/refresh', async (req, res) => {
    await access.credentials(req, 'index.refresh');
    parseBody(emptyRequestSchema, req.body);
    res.json(await indexer.sync());
  });

  router.get(`${ENTITY_ROUTE}/integrations`, async (req, res) => {
    const credentials = await access.credentials(req, 'read');
    res.json(await entityIntegrations.forEntity(entityRefFromParams(req.params), credentials));
  });
}
