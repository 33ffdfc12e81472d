import { Router } from 'express';
import { emptyRequestSchema } from '@maskinporten-backstage/plugin-maskinporten-common';
import { entityRefFromParams } from '../access/entityAccess';
import { audited } from '../service/audit';
import { parseBody } from '../service/requests';
import { ENTITY_ROUTE, RouteContext } from '../service/routeContext';
import { AdoptionService } from './AdoptionService';

/** `POST …/adopt`: the owners of a client imported from Digdir take over its keys (README: HTTP API). */
export function registerImportRoutes(router: Router, context: RouteContext & { adoption: AdoptionService }) {
  const { access, auditor, adoption } = context;

  router.post(`${ENTITY_ROUTE}/adopt`, async (req, res) => {
    const credentials = await access.credentials(req, 'key.create');
    const entityRef = entityRefFromParams(req.params);
    parseBody(emptyRequestSchema, req.body);
    const view = await audited(
      auditor,
      req,
      { eventId: 'client-adopt', severityLevel: 'medium', meta: { entityRef } },
      () => adoption.adopt(entityRef, credentials),
      result => ({ environment: result.environment, clientId: result.clientId ?? null }),
    );
    res.json(view);
  });
}
