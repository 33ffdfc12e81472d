import { Router } from 'express';
import {
  emptyRequestSchema,
  jwksQuerySchema,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { entityRefFromParams } from '../access/entityAccess';
import { audited } from '../service/audit';
import { parseBody, parseQuery } from '../service/requests';
import { ENTITY_ROUTE, RouteContext } from '../service/routeContext';
import { KeysService } from './KeysService';

/** `POST …/keys`, `GET …/jwks`, `PUT …/client-claim` (README: HTTP API). */
export function registerKeyRoutes(router: Router, context: RouteContext & { keys: KeysService }) {
  const { access, auditor, keys } = context;

  router.post(`${ENTITY_ROUTE}/keys`, async (req, res) => {
    const credentials = await access.credentials(req, 'key.create');
    const entityRef = entityRefFromParams(req.params);
    parseBody(emptyRequestSchema, req.body);
    const created = await audited(
      auditor,
      req,
      { eventId: 'key-create', severityLevel: 'medium', meta: { entityRef } },
      () => keys.createKey(entityRef, credentials),
      result => ({ kid: result.key.kid, environment: result.key.environment }),
    );
    res.status(201).json(created);
  });

  router.get(`${ENTITY_ROUTE}/jwks`, async (req, res) => {
    const credentials = await access.credentials(req, 'read');
    const { format } = parseQuery(jwksQuerySchema, req.query);
    const jwks = await keys.getJwks(entityRefFromParams(req.params), credentials);
    res.json(format === 'set' ? { keys: jwks } : jwks);
  });

  // An administrator resolves a client-id conflict: the entity's client id becomes its own.
  router.put(`${ENTITY_ROUTE}/client-claim`, async (req, res) => {
    const credentials = await access.credentials(req, 'client.assign');
    const entityRef = entityRefFromParams(req.params);
    parseBody(emptyRequestSchema, req.body);
    const assigned = await audited(
      auditor,
      req,
      { eventId: 'client-claim-assign', severityLevel: 'high', meta: { entityRef } },
      () => keys.assignClient(entityRef, credentials),
      result => ({ environment: result.environment, clientId: result.clientId }),
    );
    res.json(assigned);
  });
}
