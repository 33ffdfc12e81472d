import express, { Request, Response, Router } from 'express';
import type { ClientRegistry } from '../clients';
import type { SimulatorClock } from '../clock';
import { inputError, notFoundError, sendSelfServiceError } from '../errors';
import type { ScopeRegistry } from '../scopes';
import type { SigningKeyRing } from '../signing';
import { createClientRoutes } from './clientRoutes';
import { createScopeRoutes } from './scopeRoutes';

export interface SelfServiceRouterOptions {
  registry: ClientRegistry;
  scopes: ScopeRegistry;
  signingKey: SigningKeyRing;
  orgNumber: string;
  clock: SimulatorClock;
  adminToken?: string;
}

/**
 * Digdir's self-service API (`/api/v1`) for Maskinporten clients and scopes, backed by the
 * in-memory registries. Every error answer has Digdir's error shape (digdirErrorBody.ts).
 */
export function createSelfServiceRouter(options: SelfServiceRouterOptions): Router {
  const { clock } = options;
  const auth = { adminToken: options.adminToken, signingKey: options.signingKey, clock };
  const router = Router();
  router.use(express.json({ limit: '1mb' }));
  router.use(
    createClientRoutes({ registry: options.registry, orgNumber: options.orgNumber, clock, auth }),
  );
  router.use(createScopeRoutes({ scopes: options.scopes, clock, auth }));
  router.use((req: Request, res: Response) => {
    sendSelfServiceError(res, notFoundError(`no self-service route ${req.method} ${req.path}`), { clock });
  });
  // Body-parser failures (malformed JSON, too large) end up here.
  router.use((err: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    const status = (err as { status?: number })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      sendSelfServiceError(
        res,
        inputError(`the request body could not be read: ${(err as Error).message}`, 'body'),
        { clock },
      );
      return;
    }
    sendSelfServiceError(res, err, { clock });
  });
  return router;
}
