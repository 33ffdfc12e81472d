import express, { NextFunction, Request, Response, Router } from 'express';
import { CertificateTrust } from '../certificates';
import { ClientRegistry, JWT_BEARER_GRANT_TYPE, SUPPORTED_ALGORITHMS } from '../clients';
import { systemClock, SimulatorClock } from '../clock';
import { mpError, sendError } from '../errors';
import { SimulatorFaults } from '../faults';
import { isOrgNumber, ScopeRegistry } from '../scopes';
import { createSelfServiceRouter } from '../selfService';
import { fileSigningKeyStore, SigningKeyRing } from '../signing';
import { AUTHORIZATION_DETAILS_TYPES, createTokenHandler, JtiStore } from '../token';
import {
  DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS,
  DEFAULT_DELEGATION_SOURCE,
  DEFAULT_ORG_NUMBER,
  MAX_KEY_PROPAGATION_DELAY_SECONDS,
  SimulatorOptions,
} from './options';

/** Everything a running simulator consists of. */
export interface SimulatorCore {
  router: Router;
  issuer: string;
  clock: SimulatorClock;
  registry: ClientRegistry;
  scopes: ScopeRegistry;
  signingKey: SigningKeyRing;
  /** Injected faults and the record of received requests. */
  faults: SimulatorFaults;
}

const fail = (message: string) => new Error(`Maskinporten simulator: ${message}`);

function checkOptions(options: SimulatorOptions): void {
  let url: URL;
  try {
    url = new URL(options.issuer);
  } catch {
    throw fail(`issuer "${options.issuer}" is not an absolute URL`);
  }
  if (!options.issuer.endsWith('/') || url.search || url.hash) {
    throw fail(`issuer "${options.issuer}" must end with "/" (it is the aud grants must carry)`);
  }
  if (options.orgNumber !== undefined && !isOrgNumber(options.orgNumber)) {
    throw fail(`orgNumber "${options.orgNumber}" is not a 9-digit organisation number`);
  }
  const lifetime = options.accessTokenLifetimeSeconds;
  if (lifetime !== undefined && (!Number.isInteger(lifetime) || lifetime < 1)) {
    throw fail('accessTokenLifetimeSeconds must be a positive integer');
  }
  const delay = options.keyPropagationDelaySeconds;
  if (delay !== undefined && !(delay >= 0 && delay <= MAX_KEY_PROPAGATION_DELAY_SECONDS)) {
    throw fail(`keyPropagationDelaySeconds must be 0-${MAX_KEY_PROPAGATION_DELAY_SECONDS} (Digdir documents 0-120)`);
  }
  if (options.signingKeyStore && options.signingKeyFile) {
    throw fail('set signingKeyStore or signingKeyFile, not both');
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
    authorization_details_types_supported: [...AUTHORIZATION_DETAILS_TYPES],
  };
}

function buildRegistries(options: SimulatorOptions, clock: SimulatorClock, orgNumber: string) {
  let trust: CertificateTrust;
  let scopes: ScopeRegistry;
  try {
    trust = new CertificateTrust(options.certificateAuthorities);
  } catch (err) {
    throw fail((err as Error).message);
  }
  // The scope registry asks the client registry for held scopes; the client registry asks
  // the scope registry whether scopes may be held. Both are built before either is used.
  const built: { registry?: ClientRegistry } = {};
  try {
    scopes = new ScopeRegistry({
      clock,
      orgNumber,
      seeds: options.scopes,
      ownedPrefixes: options.ownedPrefixes,
      clientScopes: () => built.registry?.heldScopes() ?? [],
    });
  } catch (err) {
    throw fail((err as Error).message);
  }
  const registry = new ClientRegistry({
    clock,
    orgNumber,
    defaultAccessTokenLifetime: options.accessTokenLifetimeSeconds ?? DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS,
    checkScopes: s => scopes.checkRegistrable(s),
    certificateTrust: trust,
    keyPropagationDelayMs: (options.keyPropagationDelaySeconds ?? 0) * 1000,
  });
  built.registry = registry;
  for (const seed of options.clients ?? []) {
    try {
      registry.addClient(seed);
    } catch (err) {
      throw fail(`cannot register client ${seed.clientId}: ${(err as Error).message}`);
    }
  }
  return { trust, scopes, registry };
}

/** Builds the router and the state behind it. */
export function createSimulatorCore(options: SimulatorOptions): SimulatorCore {
  checkOptions(options);
  const issuer = options.issuer;
  const clock = options.clock ?? systemClock;
  const orgNumber = options.orgNumber ?? DEFAULT_ORG_NUMBER;
  const { trust, scopes, registry } = buildRegistries(options, clock, orgNumber);
  const signingKey = new SigningKeyRing({
    issuer,
    clock,
    store: options.signingKeyStore ?? (options.signingKeyFile ? fileSigningKeyStore(options.signingKeyFile) : undefined),
  });
  const jtiStore = new JtiStore(clock);

  const faults = new SimulatorFaults();
  const router = Router();
  // First, so that every request is recorded and a fault can stand in for any route.
  router.use(faults.middleware());
  router.get('/.well-known/oauth-authorization-server', (_req, res) => {
    res.json(authorizationServerMetadata(issuer));
  });
  router.get('/jwk', (_req, res) => {
    res.json({ keys: signingKey.publicJwks() });
  });
  router.post(
    '/token',
    express.urlencoded({ extended: false, limit: '64kb' }),
    createTokenHandler({
      issuer,
      orgNumber,
      delegationSource: options.delegationSource ?? DEFAULT_DELEGATION_SOURCE,
      clock,
      registry,
      scopes,
      trust,
      signingKey,
      jtiStore,
    }),
  );
  router.use(
    '/api/v1',
    createSelfServiceRouter({ registry, scopes, signingKey, orgNumber, clock, adminToken: options.adminToken }),
  );
  // Unreadable token request bodies (e.g. too large) are malformed requests.
  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    const status = (err as { status?: number })?.status;
    if (req.path === '/token' && typeof status === 'number' && status < 500) {
      sendError(
        res,
        mpError('invalid_request', 'MP-011', `the token request could not be read: ${(err as Error).message}`),
      );
      return;
    }
    next(err);
  });
  return { router, issuer, clock, registry, scopes, signingKey, faults };
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
