import { Router } from 'express';
import type { ClientRegistry } from '../clients';
import type { SimulatorClock } from '../clock';
import { inputError, notFoundError } from '../errors';
import { CHANGE_CLIENTS, CREATE_CLIENTS, READ_CLIENTS, requireScope, SelfServiceAuthOptions } from './auth';
import { booleanQuery, handler } from './handlers';
import { toApiClient, toApiJwks } from './representation';
import { validateClientBody } from './validateClient';

export interface ClientRoutesOptions {
  registry: ClientRegistry;
  orgNumber: string;
  clock: SimulatorClock;
  auth: SelfServiceAuthOptions;
}

/**
 * `/clients` and `/clients/{id}/jwks` of Digdir's self-service API
 * (https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin).
 */
export function createClientRoutes(options: ClientRoutesOptions): Router {
  const { registry, orgNumber, clock } = options;
  const router = Router();
  const read = requireScope(options.auth, READ_CLIENTS);
  const create = requireScope(options.auth, CREATE_CLIENTS);
  const change = requireScope(options.auth, CHANGE_CLIENTS);
  const existing = (id: string) => {
    const client = registry.getClient(id);
    if (!client) {
      throw notFoundError(`client ${id} not found`);
    }
    return client;
  };

  // "Deaktiverte entiteter vil ikke komme opp i GET utlistinger som default, men kan hentes
  // ved å sette inactive=TRUE som query parameter" (oidc_api_admin_maskinporten, "Inaktive
  // entiteter"): a deactivated client is listed only when asked for.
  router.get(
    '/clients',
    read,
    handler(clock, 'Client', (req, res) => {
      const inactive = booleanQuery(req, 'inactive') ?? false;
      res.json(
        registry
          .listClients()
          .filter(c => inactive || c.active)
          .map(c => toApiClient(c, orgNumber)),
      );
    }),
  );
  router.post(
    '/clients',
    create,
    handler(clock, 'Client', (req, res) => {
      res.status(201).json(toApiClient(registry.createClient(validateClientBody(req.body)), orgNumber));
    }),
  );
  router.get(
    '/clients/:id',
    read,
    handler(clock, 'Client', (req, res) => {
      res.json(toApiClient(existing(req.params.id), orgNumber));
    }),
  );
  router.put(
    '/clients/:id',
    change,
    handler(clock, 'Client', (req, res) => {
      const client = existing(req.params.id);
      const updated = registry.updateClient(client.clientId, validateClientBody(req.body, client));
      res.json(toApiClient(updated, orgNumber));
    }),
  );
  router.delete(
    '/clients/:id',
    change,
    handler(clock, 'Client', (req, res) => {
      res.json(toApiClient(registry.deactivateClient(req.params.id), orgNumber));
    }),
  );

  router.get(
    '/clients/:id/jwks',
    read,
    handler(clock, 'Jwks', (req, res) => {
      res.json(toApiJwks(existing(req.params.id)));
    }),
  );
  // "Man kan ikke gjøre operasjoner på enkelt-nøkler, kun hele settet, dvs. både POST og PUT
  // erstatter evt. eksisterende JWKS" (oidc_api_admin, "Bruk av asymmetrisk nøkkel").
  const replaceKeys = handler(clock, 'Jwks', (req, res) => {
    existing(req.params.id);
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw inputError(
        'the request body must be a JSON object {"keys": [...]} (a bare JWK array is the Samarbeidsportalen upload format, not the API format)',
        'keys',
      );
    }
    res.json(toApiJwks(registry.replaceKeys(req.params.id, body.keys)));
  });
  router.post('/clients/:id/jwks', change, replaceKeys);
  router.put('/clients/:id/jwks', change, replaceKeys);
  router.delete(
    '/clients/:id/jwks',
    change,
    handler(clock, 'Jwks', (req, res) => {
      res.json(toApiJwks(registry.deleteKeys(req.params.id)));
    }),
  );
  return router;
}
