import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { SimulatorHttpError, sendError } from '../errors';
import type { SimulatorSigningKey } from '../signing';

export const DCR_READ_SCOPE = 'idporten:dcr.read';
export const DCR_WRITE_SCOPE = 'idporten:dcr.write';
export const DCR_MODIFY_SCOPE = 'idporten:dcr.modify';

export interface SelfServiceAuthOptions {
  adminToken?: string;
  signingKey: SimulatorSigningKey;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

const unauthorized = (detail: string) =>
  new SimulatorHttpError(401, 'invalid_token', detail);

/**
 * Bearer authentication for the self-service API: the configured admin token,
 * or an access token issued by this simulator whose scope allows the request
 * (`idporten:dcr.read` to read; `idporten:dcr.write` or `idporten:dcr.modify`
 * to change).
 */
export function createSelfServiceAuth(options: SelfServiceAuthOptions): RequestHandler {
  return async (req, res, next) => {
    try {
      const header = req.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) {
        throw unauthorized(
          'the self-service API requires Authorization: Bearer <token> (the admin token or a simulator access token with idporten:dcr.* scopes)',
        );
      }
      const token = match[1];
      if (options.adminToken && sameSecret(token, options.adminToken)) {
        next();
        return;
      }
      let scopes: string[];
      try {
        const payload = await options.signingKey.verify(token);
        scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
      } catch {
        throw unauthorized(
          'the bearer token is neither the admin token nor a valid, unexpired access token issued by this simulator',
        );
      }
      const isRead = req.method === 'GET' || req.method === 'HEAD';
      const accepted = isRead ? [DCR_READ_SCOPE] : [DCR_WRITE_SCOPE, DCR_MODIFY_SCOPE];
      if (!scopes.some(s => accepted.includes(s))) {
        throw new SimulatorHttpError(
          403,
          'insufficient_scope',
          `${req.method} requires an access token with scope ${accepted.join(' or ')}`,
        );
      }
      next();
    } catch (err) {
      sendError(res, err);
    }
  };
}
