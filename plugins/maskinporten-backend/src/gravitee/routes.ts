import { Router } from 'express';
import { InputError } from '@backstage/errors';
import {
  graviteeDeployRequestSchema,
  graviteeDeploymentQuerySchema,
  graviteeRenderQuerySchema,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { entityRefFromParams } from '../access/entityAccess';
import { audited } from '../service/audit';
import { parseBody, parseQuery } from '../service/requests';
import { ENTITY_ROUTE, RouteContext } from '../service/routeContext';
import { GraviteeService } from './GraviteeService';

/** `GET …/gravitee`, `POST …/gravitee/deploy`, `GET …/gravitee/deployment`, status and lint. */
export function registerGraviteeRoutes(router: Router, context: RouteContext & { gravitee: GraviteeService }) {
  const { access, auditor, gravitee } = context;

  router.get(`${ENTITY_ROUTE}/gravitee`, async (req, res) => {
    const entityRef = entityRefFromParams(req.params);
    const { format, secrets } = parseQuery(graviteeRenderQuerySchema, req.query);
    // Only an inline export carries the private key, and only it is an audited export.
    const inline = secrets === 'inline';
    const credentials = await access.credentials(req, inline ? 'gravitee.export' : 'read');
    const render = () => gravitee.render(entityRef, { format, secrets }, credentials);
    const rendered = inline
      ? await audited(
          auditor,
          req,
          { eventId: 'gravitee-export', severityLevel: 'high', meta: { entityRef, format, secrets } },
          render,
          r => ({ kid: r.kid }),
        )
      : await render();
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="${rendered.name}-gravitee-${format}.json"`);
    res.json(rendered.definition);
  });

  // Imports or updates the integration's API in Gravitee, then starts and deploys it.
  router.post(`${ENTITY_ROUTE}/gravitee/deploy`, async (req, res) => {
    const credentials = await access.credentials(req, 'gravitee.deploy');
    const entityRef = entityRefFromParams(req.params);
    const { format } = parseBody(graviteeDeployRequestSchema, req.body);
    const { kid: _kid, secrets: _secrets, ...result } = await audited(
      auditor,
      req,
      {
        eventId: 'gravitee-deploy',
        severityLevel: 'high',
        meta: { entityRef, format: format ?? gravitee.status.deployFormat },
      },
      () => gravitee.deploy(entityRef, { format }, credentials),
      r => ({ apiId: r.apiId, created: r.created, format: r.format, kid: r.kid, secrets: r.secrets }),
    );
    res.json(result);
  });

  router.get(`${ENTITY_ROUTE}/gravitee/deployment`, async (req, res) => {
    const credentials = await access.credentials(req, 'read');
    const { format } = parseQuery(graviteeDeploymentQuerySchema, req.query);
    res.json(await gravitee.deployment(entityRefFromParams(req.params), { format }, credentials));
  });

  router.get('/v1/gravitee/status', async (req, res) => {
    await access.credentials(req, 'read');
    res.json(gravitee.status);
  });

  router.post('/v1/gravitee/lint', async (req, res) => {
    const credentials = await access.credentials(req, 'read');
    if (!req.is('application/json')) {
      throw new InputError('request body: send the Gravitee definition as application/json');
    }
    res.json(await gravitee.lint(req.body, credentials));
  });
}
