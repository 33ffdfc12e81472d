import express from 'express';
import { InputError } from '@backstage/errors';
import {
  confirmGatewayDeploymentRequestSchema,
  emptyRequestSchema,
  gatewayCandidateQuerySchema,
  gatewayDeploymentIdSchema,
  linkGatewayDeploymentRequestSchema,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { entityRefFromParams } from '../access/entityAccess';
import { audited } from '../service/audit';
import { parseBody, parseQuery } from '../service/requests';
import { ENTITY_ROUTE, RouteContext } from '../service/routeContext';
import { GatewayDeploymentService } from './GatewayDeploymentService';

const DEPLOYMENTS = `${ENTITY_ROUTE}/gateway-deployments`;

function deploymentId(req: express.Request): string {
  const parsed = gatewayDeploymentIdSchema.safeParse(req.params.id);
  if (!parsed.success) {
    throw new InputError(`id: ${parsed.error.issues[0].message}`);
  }
  return parsed.data;
}

/**
 * Gateway deployments of an integration (docs/key-lifecycle.md, "Gateways"). Reading needs
 * `maskinporten.integration.read`; adopting, keeping by hand, confirming and unlinking need
 * `maskinporten.key.create` (they decide when old keys may go); a token request through a
 * gateway and a check now need `maskinporten.token.test`. Every change is audited.
 */
export function registerGatewayRoutes(
  router: express.Router,
  context: RouteContext & { gateways: GatewayDeploymentService },
) {
  const { access, auditor, gateways } = context;

  router.get(DEPLOYMENTS, async (req, res) => {
    const credentials = await access.credentials(req, 'read');
    res.json(await gateways.list(entityRefFromParams(req.params), credentials));
  });

  router.get(`${DEPLOYMENTS}/candidate`, async (req, res) => {
    const credentials = await access.credentials(req, 'gateway.link');
    const query = parseQuery(gatewayCandidateQuerySchema, req.query);
    res.setHeader('Cache-Control', 'no-store');
    res.json(await gateways.candidate(entityRefFromParams(req.params), query, credentials));
  });

  router.post(DEPLOYMENTS, async (req, res) => {
    const credentials = await access.credentials(req, 'gateway.link');
    const request = parseBody(linkGatewayDeploymentRequestSchema, req.body);
    const entityRef = entityRefFromParams(req.params);
    const deployment = await audited(
      auditor,
      req,
      { eventId: 'gateway-deployment-link', severityLevel: 'medium', meta: { entityRef, target: request.target, apiId: request.apiId, kid: request.kid } },
      () => gateways.link(entityRef, request, credentials),
      d => ({ deploymentId: d.id, origin: d.origin }),
    );
    res.status(201).json({ deployment });
  });

  router.post(`${DEPLOYMENTS}/check`, async (req, res) => {
    const credentials = await access.credentials(req, 'token.test');
    parseBody(emptyRequestSchema, req.body);
    res.json(await gateways.check(entityRefFromParams(req.params), credentials));
  });

  router.post(`${DEPLOYMENTS}/:id/confirm`, async (req, res) => {
    const credentials = await access.credentials(req, 'gateway.link');
    const id = deploymentId(req);
    const { kid } = parseBody(confirmGatewayDeploymentRequestSchema, req.body);
    const entityRef = entityRefFromParams(req.params as any);
    const deployment = await audited(
      auditor,
      req,
      { eventId: 'gateway-deployment-confirm', severityLevel: 'medium', meta: { entityRef, deploymentId: id, kid } },
      () => gateways.confirm(entityRef, id, kid, credentials),
    );
    res.json({ deployment });
  });

  router.post(`${DEPLOYMENTS}/:id/token-tests`, async (req, res) => {
    const credentials = await access.credentials(req, 'token.test');
    const id = deploymentId(req);
    parseBody(emptyRequestSchema, req.body);
    res.status(201).json(await gateways.test(entityRefFromParams(req.params as any), id, credentials));
  });

  router.delete(`${DEPLOYMENTS}/:id`, async (req, res) => {
    const credentials = await access.credentials(req, 'gateway.link');
    const id = deploymentId(req);
    const entityRef = entityRefFromParams(req.params as any);
    await audited(
      auditor,
      req,
      { eventId: 'gateway-deployment-unlink', severityLevel: 'medium', meta: { entityRef, deploymentId: id } },
      () => gateways.unlink(entityRef, id, credentials),
      r => ({ target: r.target, apiId: r.apiId ?? null }),
    );
    res.status(204).end();
  });
}
