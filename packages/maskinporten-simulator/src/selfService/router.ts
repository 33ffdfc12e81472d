import express, { Request, Response, Router } from 'express';
import type { ClientRegistry } from '../clients';
import { inputError, notFoundError, sendError } from '../errors';
import type { SimulatorSigningKey } from '../signing';
import { createSelfServiceAuth } from './auth';
import { toApiClient, toApiJwks } from './representation';
import { validateClientBody } from './validateClient';

export interface SelfServiceRouterOptions {
  registry: ClientRegistry;
  signingKey: SimulatorSigningKey;
  orgNumber: string;
  adminToken?: string;
}

type Handler = (req: Request, res: Response) => void;

/** Wraps a handler so that every thrown error becomes a JSON error response. */
const handle =
  (fn: Handler): Handler =>
  (req, res) => {
    try {
      fn(req, res);
    } catch (err) {
      sendError(res, err);
    }
  };

/**
 * Digdir's self-service API (`/api/v1`) for Maskinporten clients, backed by
 * the in-memory registry.
 */
export function createSelfServiceRouter(options: SelfServiceRouterOptions): Router {
  const { registry, orgNumber } = options;
  const router = Router();

  router.use(createSelfServiceAuth(options));
  router.use(express.json({ limit: '1mb' }));

  const getExisting = (id: string) => {
    const client = registry.getClient(id);
    if (!client) {
      throw notFoundError(`client ${id} not found`);
    }
    return client;
  };

  router.get(
    '/clients',
    handle((_req, res) => {
      res.json(registry.listClients().map(c => toApiClient(c, orgNumber)));
    }),
  );

  router.post(
    '/clients',
    handle((req, res) => {
      const created = registry.createClient(validateClientBody(req.body));
      res.status(201).json(toApiClient(created, orgNumber));
    }),
  );

  router.get(
    '/clients/:id',
    handle((req, res) => {
      res.json(toApiClient(getExisting(req.params.id), orgNumber));
    }),
  );

  router.put(
    '/clients/:id',
    handle((req, res) => {
      const existing = getExisting(req.params.id);
      const updated = registry.updateClient(
        existing.clientId,
        validateClientBody(req.body, existing),
      );
      res.json(toApiClient(updated, orgNumber));
    }),
  );

  router.delete(
    '/clients/:id',
    handle((req, res) => {
      res.json(toApiClient(registry.deactivateClient(req.params.id), orgNumber));
    }),
  );

  router.get(
    '/clients/:id/jwks',
    handle((req, res) => {
      res.json(toApiJwks(getExisting(req.params.id)));
    }),
  );

  router.post(
    '/clients/:id/jwks',
    handle((req, res) => {
      getExisting(req.params.id);
      const body = req.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw inputError(
          'the request body must be a JSON object {"keys": [...]} (a bare JWK array is the Samarbeidsportalen upload format, not the API format)',
        );
      }
      res.json(toApiJwks(registry.replaceKeys(req.params.id, body.keys)));
    }),
  );

  router.delete(
    '/clients/:id/jwks',
    handle((req, res) => {
      res.json(toApiJwks(registry.deleteKeys(req.params.id)));
    }),
  );

  router.get(
    '/scopes/all',
    handle((_req, res) => {
      res.json(
        registry.scopeCatalogue().map(name => {
          const colon = name.indexOf(':');
          return {
            name,
            prefix: colon > 0 ? name.slice(0, colon) : name,
            subscope: colon > 0 ? name.slice(colon + 1) : '',
            description: '',
            active: true,
            allowed_integration_types: ['maskinporten'],
          };
        }),
      );
    }),
  );

  router.get(
    '/scopes/access/all',
    handle((_req, res) => {
      res.json(
        registry.scopeCatalogue().map(scope => ({
          scope,
          state: 'APPROVED',
          consumer_orgno: orgNumber,
        })),
      );
    }),
  );

  router.use(
    handle((req, _res) => {
      throw notFoundError(`no self-service route ${req.method} ${req.path}`);
    }),
  );

  // Body-parser failures (malformed JSON, too large) end up here.
  router.use(
    (err: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
      const status = (err as { status?: number })?.status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        sendError(res, inputError(`the request body could not be read: ${(err as Error).message}`));
        return;
      }
      sendError(res, err);
    },
  );

  return router;
}
