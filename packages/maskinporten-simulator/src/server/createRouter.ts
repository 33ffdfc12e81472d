import express, { NextFunction, Request, Response, Router } from 'express';
import { ClientRegistry, SUPPORTED_ALGORITHMS, JWT_BEARER_GRANT_TYPE } from '../clients';
import { systemClock, SimulatorClock } from '../clock';
import { mpError, sendError } from '../errors';
import { SimulatorFaults } from '../faults';
import { createSelfServiceRouter } from '../selfService';
import { createSigningKey, SimulatorSigningKey } from '../signing';
import { createTokenHandler, JtiStore } from '../token';
import {
  DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS,
  DEFAULT_ORG_NUMBER,
  SimulatorOptions,
} from './options';

/** Everything a running simulator consists of. */
export interface SimulatorCore {
  router: Router;
  issuer: string;
  clock: SimulatorClock;
  registry: ClientRegistry;
  signingKey: SimulatorSigningKey;
  /** Injected faults and the record of received requests. */
  faults: SimulatorFaults;
}

function checkOptions(options: SimulatorOptions): void {
  let url: URL;
  try {
    url = new URL(options.issuer);
  } catch {
    throw new Error(`Maskinporten simulator: issuer "${options.issuer}" is not an absolute URL`);
  }
  if (!options.issuer.endsWith('/') || url.search || url.hash) {
    throw new Error(
      `Maskinporten simulator: issuer "${options.issuer}" must end with "/" (it is the aud grants must carry)`,
    );
  }
  if (options.orgNumber !== undefined && !/^\d{9}$/.test(options.orgNumber)) {
    throw new Error(
      `Maskinporten simulator: orgNumber "${options.orgNumber}" is not a 9-digit organisation number`,
    );
  }
  const lifetime = options.accessTokenLifetimeSeconds;
  if (lifetime !== undefined && (!Number.isInteger(lifetime) || lifetime < 1)) {
    throw new Error(
      'Maskinporten simulator: accessTokenLifetimeSeconds must be a positive integer',
    );
  }
}

/** The RFC 8414 metadata document. */
export function authorizationServerMetadata(issuer: string) {
  return {
    issuer,
    token_endpoint: `${issuer}token`,
    jwks_uri: `${issuer}jwk`,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    grant_types_supported: [JWT_BEARER_GRANT_TYPE],
    token_endpoint_auth_signing_alg_values_supported: [...SUPPORTED_ALGORITHMS],
    authorization_details_types_supported: ['urn:altinn:systemuser'],
  };
}

/** Builds the router and the state behind it. */
export function createSimulatorCore(options: SimulatorOptions): SimulatorCore {
  checkOptions(options);
  const issuer = options.issuer;
  const clock = options.clock ?? systemClock;
  const orgNumber = options.orgNumber ?? DEFAULT_ORG_NUMBER;
  const registry = new ClientRegistry({
    clock,
    defaultAccessTokenLifetime:
      options.accessTokenLifetimeSeconds ?? DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS,
    scopeCatalogue: options.scopes,
  });
  for (const seed of options.clients ?? []) {
    try {
      registry.addClient(seed);
    } catch (err) {
      throw new Error(
        `Maskinporten simulator: cannot register client ${seed.clientId}: ${(err as Error).message}`,
      );
    }
  }
  const signingKey = createSigningKey({ issuer, clock });
  const jtiStore = new JtiStore(clock);

  const faults = new SimulatorFaults();
  const router = Router();
  // First, so that every request is recorded and a fault can stand in for any route.
  router.use(faults.middleware());
  router.get('/.well-known/oauth-authorization-server', (_req, res) => {
    res.json(authorizationServerMetadata(issuer));
  });
  router.get('/jwk', (_req, res) => {
    res.json({ keys: [signingKey.publicJwk] });
  });
  router.post(
    '/token',
    express.urlencoded({ extended: false, limit: '64kb' }),
    createTokenHandler({ issuer, orgNumber, clock, registry, signingKey, jtiStore }),
  );
  router.use(
    '/api/v1',
    createSelfServiceRouter({
      registry,
      signingKey,
      orgNumber,
      adminToken: options.adminToken,
    }),
  );
  // Unreadable token request bodies (e.g. too large) are malformed requests.
  router.use(
    (err: unknown, req: Request, res: Response, next: NextFunction) => {
      const status = (err as { status?: number })?.status;
      if (req.path === '/token' && typeof status === 'number' && status < 500) {
        sendError(
          res,
          mpError('invalid_request', 'MP-011', `the token request could not be read: ${(err as Error).message}`),
        );
        return;
      }
      next(err);
    },
  );
  return { router, issuer, clock, registry, signingKey, faults };
}

/**
 * Creates an express router serving Maskinporten's token endpoint, metadata
 * and keys, and Digdir's self-service API under `api/v1`. Mount it so that it
 * is reachable at `options.issuer`.
 *
 * @public
 */
export function createMaskinportenSimulatorRouter(options: SimulatorOptions): Router {
  return createSimulatorCore(options).router;
}
