import { Router } from 'express';
import { tokenTestRequestSchema } from '@maskinporten-backstage/plugin-maskinporten-common';
import { entityRefFromParams } from '../access/entityAccess';
import { audited } from '../service/audit';
import { parseBody } from '../service/requests';
import { ENTITY_ROUTE, RouteContext } from '../service/routeContext';
import { RateLimitedError } from './errors';
import { TokenTestService } from './TokenTestService';

/** `POST …/token-tests` (README: HTTP API). */
export function registerTokenTestRoutes(
  router: Router,
  context: RouteContext & { tokenTests: TokenTestService },
) {
  const { access, auditor, tokenTests } = context;

  router.post(`${ENTITY_ROUTE}/token-tests`, async (req, res) => {
    const credentials = await access.credentials(req, 'token.test');
    const entityRef = entityRefFromParams(req.params);
    const request = parseBody(tokenTestRequestSchema, req.body);
    try {
      const result = await audited(
        auditor,
        req,
        { eventId: 'token-test', severityLevel: 'low', meta: { entityRef } },
        () => tokenTests.run(entityRef, request, credentials),
        r => ({ kid: r.kid ?? null, outcome: r.outcome, errorCode: r.errorCode ?? null }),
      );
      res.status(201).json(result);
    } catch (error) {
      if (error instanceof RateLimitedError) {
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
      }
      throw error;
    }
  });
}
