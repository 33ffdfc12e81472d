import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { SimulatorClock } from '../clock';
import { sendSelfServiceError, SimulatorHttpError } from '../errors';
import type { SigningKeyRing } from '../signing';

/*
 * Scopes of Digdir's self-service API ("REST-API for administrasjon av OIDC-integrasjoner",
 * https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin, and "API for administrasjon av
 * APIer / scopes", https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin_maskinporten):
 * - idporten:dcr.read   "Gir tilgang til å lese klientregistreringer"
 * - idporten:dcr.modify "Gir tilgang til å endre klientregistreringer"
 * - idporten:dcr.write  "Gir tilgang til å opprette nye klientregistreringer"
 * - idporten:scopes.write "Gir tilgang til å opprette/endre APIer, og gi/fjerne tilgang til konsumenter"
 * Creating needs dcr.write; modify alone cannot create. Changing accepts dcr.write too:
 * digdirator (scopes "idporten:dcr.write idporten:dcr.read idporten:scopes.write", no
 * modify) updates clients and keys with it, and okdata-maskinporten-api posts keys and
 * deletes clients with dcr.write alone (maskinporten_api/maskinporten_client.py).
 */
export const DCR_READ_SCOPE = 'idporten:dcr.read';
export const DCR_WRITE_SCOPE = 'idporten:dcr.write';
export const DCR_MODIFY_SCOPE = 'idporten:dcr.modify';
export const SCOPES_WRITE_SCOPE = 'idporten:scopes.write';

export const READ_CLIENTS = [DCR_READ_SCOPE];
export const CREATE_CLIENTS = [DCR_WRITE_SCOPE];
export const CHANGE_CLIENTS = [DCR_WRITE_SCOPE, DCR_MODIFY_SCOPE];
export const ADMINISTER_SCOPES = [SCOPES_WRITE_SCOPE];
/** Any valid token: what the simulator asks for `GET /scopes/access/all` (Digdir names no scope). */
export const ANY_TOKEN: string[] = [];

export interface SelfServiceAuthOptions {
  adminToken?: string;
  signingKey: SigningKeyRing;
  clock: SimulatorClock;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

const unauthorized = (detail: string) => new SimulatorHttpError(401, 'invalid_token', detail);

/**
 * The bearer token of `Authorization: Bearer <token>`, read without a pattern (the header
 * is request input): the scheme, case-insensitive, then spaces, then one token.
 */
export function readBearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header.length > 16_384) {
    return undefined;
  }
  const trimmed = header.trim();
  if (trimmed.slice(0, 7).toLowerCase() !== 'bearer ') {
    return undefined;
  }
  const token = trimmed.slice(7).trim();
  if (token === '') {
    return undefined;
  }
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) {
      return undefined;
    }
  }
  return token;
}

/** The scopes of the request's token; `undefined` scopes mean the admin token (everything). */
async function scopesOf(req: Request, options: SelfServiceAuthOptions): Promise<string[] | 'admin'> {
  const token = readBearerToken(req.headers.authorization);
  if (token === undefined) {
    throw unauthorized(
      'the self-service API requires Authorization: Bearer <token> (the admin token or a simulator access token with idporten:dcr.* scopes)',
    );
  }
  if (options.adminToken && sameSecret(token, options.adminToken)) {
    return 'admin';
  }
  try {
    const payload = await options.signingKey.verify(token);
    return typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
  } catch {
    throw unauthorized(
      'the bearer token is neither the admin token nor a valid, unexpired access token issued by this simulator',
    );
  }
}

/**
 * Middleware for one route: the request needs the admin token, or a simulator access token
 * holding one of `anyOf` (any valid token when `anyOf` is empty).
 */
export function requireScope(options: SelfServiceAuthOptions, anyOf: string[]): RequestHandler {
  return async (req, res, next) => {
    try {
      const scopes = await scopesOf(req, options);
      if (scopes !== 'admin' && anyOf.length > 0 && !scopes.some(s => anyOf.includes(s))) {
        throw new SimulatorHttpError(
          403,
          'insufficient_scope',
          `${req.method} ${req.baseUrl}${req.path} requires an access token with scope ${anyOf.join(' or ')}`,
        );
      }
      next();
    } catch (err) {
      sendSelfServiceError(res, err, { clock: options.clock });
    }
  };
}
