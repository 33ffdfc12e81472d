import { Request, Router } from 'express';
import type { SimulatorClock } from '../clock';
import { inputError } from '../errors';
import { isOrgNumber, isValidPrefix, isValidSubscope, ScopeInput, ScopeRegistry } from '../scopes';
import { ADMINISTER_SCOPES, ANY_TOKEN, requireScope, SelfServiceAuthOptions } from './auth';
import { booleanQuery, handler, stringQuery } from './handlers';
import { toApiScope, toApiScopeAccess } from './representation';

export interface ScopeRoutesOptions {
  scopes: ScopeRegistry;
  clock: SimulatorClock;
  auth: SelfServiceAuthOptions;
}

const VISIBILITIES = ['PUBLIC', 'PRIVATE', 'INTERNAL'];

/** The provider-settable fields of a scope body (`POST /scopes`, `PUT /scopes?scope=`). */
function readScopeInput(body: Record<string, unknown>): ScopeInput {
  const input: ScopeInput = {};
  for (const [field, key] of [
    ['description', 'description'],
    ['long_description', 'longDescription'],
  ] as const) {
    if (body[field] !== undefined) {
      if (typeof body[field] !== 'string' || (body[field] as string).length > 4096) {
        throw inputError(`${field} must be a string`, field);
      }
      input[key] = body[field] as string;
    }
  }
  if (body.visibility !== undefined) {
    if (!VISIBILITIES.includes(body.visibility as string)) {
      throw inputError(`visibility must be one of ${VISIBILITIES.join(', ')}`, 'visibility');
    }
    input.visibility = body.visibility as ScopeInput['visibility'];
  }
  if (body.accessible_for_all !== undefined) {
    if (typeof body.accessible_for_all !== 'boolean') {
      throw inputError('accessible_for_all must be true or false', 'accessible_for_all');
    }
    input.accessibleForAll = body.accessible_for_all;
  }
  if (body.allowed_integration_types !== undefined) {
    const types = body.allowed_integration_types;
    if (!Array.isArray(types) || types.length > 10 || types.some(t => typeof t !== 'string' || t.length > 50)) {
      throw inputError('allowed_integration_types must be an array of integration types', 'allowed_integration_types');
    }
    input.allowedIntegrationTypes = types as string[];
  }
  if (body.at_max_age !== undefined) {
    if (typeof body.at_max_age !== 'number' || !Number.isInteger(body.at_max_age) || body.at_max_age < 1) {
      throw inputError('at_max_age must be a positive whole number of seconds', 'at_max_age');
    }
    input.atMaxAge = body.at_max_age;
  }
  return input;
}

function objectBody(req: Request): Record<string, unknown> {
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    throw inputError('the request body must be a JSON object describing the scope', 'body');
  }
  return req.body as Record<string, unknown>;
}

function orgNumberParam(req: Request): string {
  const org = req.params.consumerOrgno;
  if (!isOrgNumber(org)) {
    throw inputError('the consumer organisation number in the path must be 9 digits', 'consumer_orgno');
  }
  return org;
}

/**
 * The scope side of Digdir's self-service API ("API for administrasjon av APIer / scopes",
 * https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin_maskinporten): the open catalogue
 * `GET /scopes/all`, the caller's grants `GET /scopes/access/all`, and for API providers
 * (`idporten:scopes.write`) their own scopes and who may use them. Query parameters follow
 * real clients: Altinn Studio calls `/scopes/all?accessible_for_all=true&integration_type=
 * maskinporten&inactive=false` without a token and `/scopes/access/all?integration_type=
 * maskinporten&inactive=false` with one (Altinn/altinn-studio,
 * src/Designer/backend/src/Designer/TypedHttpClients/MaskinPorten/MaskinPortenHttpClient.cs).
 */
export function createScopeRoutes(options: ScopeRoutesOptions): Router {
  const { scopes, clock } = options;
  const router = Router();
  const anyToken = requireScope(options.auth, ANY_TOKEN);
  const provider = requireScope(options.auth, ADMINISTER_SCOPES);

  // "Åpent endepunkt som gir liste over alle synlige scopes": no token needed.
  router.get(
    '/scopes/all',
    handler(clock, 'Scope', (req, res) => {
      const list = scopes.listPublic({
        accessibleForAll: booleanQuery(req, 'accessible_for_all'),
        integrationType: stringQuery(req, 'integration_type'),
        inactive: booleanQuery(req, 'inactive') ?? false,
      });
      res.json(list.map(toApiScope));
    }),
  );
  router.get(
    '/scopes/access/all',
    anyToken,
    handler(clock, 'ScopeAccess', (req, res) => {
      const list = scopes.listGrantedToMe({
        integrationType: stringQuery(req, 'integration_type'),
        inactive: booleanQuery(req, 'inactive') ?? false,
      });
      res.json(list.map(toApiScopeAccess));
    }),
  );

  router.get(
    '/scopes/access',
    provider,
    handler(clock, 'ScopeAccess', (req, res) => {
      const scope = stringQuery(req, 'scope', true);
      res.json(scopes.listAccess(scope, booleanQuery(req, 'inactive') ?? false).map(toApiScopeAccess));
    }),
  );
  router.put(
    '/scopes/access/:consumerOrgno',
    provider,
    handler(clock, 'ScopeAccess', (req, res) => {
      res.json(toApiScopeAccess(scopes.grant(stringQuery(req, 'scope', true), orgNumberParam(req))));
    }),
  );
  router.delete(
    '/scopes/access/:consumerOrgno',
    provider,
    handler(clock, 'ScopeAccess', (req, res) => {
      res.json(toApiScopeAccess(scopes.revoke(stringQuery(req, 'scope', true), orgNumberParam(req))));
    }),
  );

  router.get(
    '/scopes',
    provider,
    handler(clock, 'Scope', (req, res) => {
      const one = stringQuery(req, 'scope');
      if (one !== undefined) {
        res.json(toApiScope(scopes.getOwned(one)));
        return;
      }
      res.json(scopes.listOwned(booleanQuery(req, 'inactive') ?? false).map(toApiScope));
    }),
  );
  router.post(
    '/scopes',
    provider,
    handler(clock, 'Scope', (req, res) => {
      const body = objectBody(req);
      const { prefix, subscope } = body;
      if (typeof prefix !== 'string' || !isValidPrefix(prefix)) {
        throw inputError('prefix is required: letters, digits, ".", "_" and "-"', 'prefix');
      }
      if (typeof subscope !== 'string' || !isValidSubscope(subscope)) {
        throw inputError('subscope is required: printable characters without spaces or ":"', 'subscope');
      }
      res.status(201).json(toApiScope(scopes.create(prefix, subscope, readScopeInput(body))));
    }),
  );
  router.put(
    '/scopes',
    provider,
    handler(clock, 'Scope', (req, res) => {
      const body = objectBody(req);
      const name = stringQuery(req, 'scope', true);
      for (const fixed of ['name', 'prefix', 'subscope'] as const) {
        const current = scopes.getOwned(name)[fixed];
        if (body[fixed] !== undefined && body[fixed] !== current) {
          // "Selve scope-navnet kan ikke endres."
          throw inputError(`${fixed} cannot be changed`, fixed);
        }
      }
      res.json(toApiScope(scopes.update(name, readScopeInput(body))));
    }),
  );
  router.delete(
    '/scopes',
    provider,
    handler(clock, 'Scope', (req, res) => {
      res.json(toApiScope(scopes.deactivate(stringQuery(req, 'scope', true))));
    }),
  );
  return router;
}
