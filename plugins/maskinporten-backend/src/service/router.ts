import express from 'express';
import Router from 'express-promise-router';
import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  MaskinportenService,
  entityRefFromParams,
} from '../integrations/MaskinportenService';
import { RateLimitedError } from '../integrations/errors';
import { listIntegrations, parseListQuery } from '../integrations/listIntegrations';
import { MaskinportenStore } from '../database/MaskinportenStore';
import { IntegrationIndexer } from '../catalog/IntegrationIndexer';
import { ExpiryScanTask } from '../expiry/ExpiryScanTask';
import { registerExpiryRoutes } from './expiryRoutes';
import { registerProvisioningRoutes } from './provisioningRoutes';
import { ProvisioningService } from '../provisioning/ProvisioningService';
import { registerRotationRoutes } from './rotationRoutes';
import { KeyRotationService } from '../rotation/KeyRotationService';

export interface RouterOptions {
  service: MaskinportenService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  store: MaskinportenStore;
  indexer: IntegrationIndexer;
  permissions: PermissionsService;
  now?: () => Date;
  expiryScan?: ExpiryScanTask;
  provisioning?: ProvisioningService;
  rotation?: KeyRotationService;
}

const ENTITY = '/v1/entities/:kind/:namespace/:name';

/** The plugin's HTTP API, mounted at /api/maskinporten. Documented in the README. */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { service, httpAuth, auditor, store, indexer, permissions } = options;
  const now = options.now ?? (() => new Date());
  const router = Router();
  // Gravitee definitions with an inline key run to tens of kilobytes; everything else is small.
  router.use('/v1/gravitee', express.json({ limit: '1mb' }));
  router.use(express.json({ limit: '64kb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/v1/integrations', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const query = parseListQuery(req.query as Record<string, unknown>, service.environments);
    res.json(
      await listIntegrations({
        query,
        credentials,
        store,
        permissions,
        now: now(),
        thresholds: service.thresholds,
        openRotations: options.rotation && (refs => options.rotation!.openFor(refs)),
      }),
    );
  });

  // Manual refresh of the integration index, for when the scheduled sync is not soon enough.
  router.post('/v1/integrations/refresh', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    assertObjectBody(req.body, []);
    res.json(await indexer.sync());
  });

  router.get(`${ENTITY}/integrations`, async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(await service.getEntityIntegrations(entityRefFromParams(req.params), credentials));
  });

  router.post(`${ENTITY}/keys`, async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entityRef = entityRefFromParams(req.params);
    assertObjectBody(req.body, []);
    const event = await auditor.createEvent({
      eventId: 'key-create',
      severityLevel: 'medium',
      request: req,
      meta: { entityRef },
    });
    try {
      const created = await service.createKey(entityRef, credentials);
      await event.success({
        meta: { kid: created.key.kid, environment: created.key.environment },
      });
      res.status(201).json(created);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.get(`${ENTITY}/jwks`, async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const format = req.query.format ?? 'array';
    if (format !== 'array' && format !== 'set') {
      throw new InputError(
        'format: use "array" (bare JWK array for Samarbeidsportalen) or "set" ({"keys": [...]} for the self-service API)',
      );
    }
    const keys = await service.getJwks(entityRefFromParams(req.params), credentials);
    res.json(format === 'set' ? { keys } : keys);
  });

  router.post(`${ENTITY}/token-tests`, async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entityRef = entityRefFromParams(req.params);
    const body = assertObjectBody(req.body, ['scopes', 'kid']);
    const scopes = body.scopes;
    if (
      scopes !== undefined &&
      (!Array.isArray(scopes) ||
        scopes.length === 0 ||
        scopes.some(s => typeof s !== 'string'))
    ) {
      throw new InputError('scopes: must be a non-empty array of scope strings');
    }
    if (body.kid !== undefined && typeof body.kid !== 'string') {
      throw new InputError('kid: must be a string');
    }
    const event = await auditor.createEvent({
      eventId: 'token-test',
      severityLevel: 'low',
      request: req,
      meta: { entityRef },
    });
    try {
      const result = await service.runTokenTest(
        entityRef,
        { scopes: scopes as string[] | undefined, kid: body.kid as string | undefined },
        credentials,
      );
      await event.success({
        meta: { kid: result.kid ?? null, outcome: result.outcome, errorCode: result.errorCode ?? null },
      });
      res.status(201).json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      if (error instanceof RateLimitedError) {
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
      }
      throw error;
    }
  });

  router.get(`${ENTITY}/gravitee`, async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entityRef = entityRefFromParams(req.params);
    const format = req.query.format ?? 'v2';
    if (format !== 'v2' && format !== 'v4') {
      throw new InputError('format: use "v2" (APIM 4.x v2 import) or "v4" (V4 proxy API import)');
    }
    const secrets = req.query.secrets ?? 'placeholder';
    if (secrets !== 'placeholder' && secrets !== 'inline') {
      throw new InputError('secrets: use "placeholder" or "inline"');
    }
    const event =
      secrets === 'inline'
        ? await auditor.createEvent({
            eventId: 'gravitee-export',
            severityLevel: 'high',
            request: req,
            meta: { entityRef, format, secrets },
          })
        : undefined;
    try {
      const rendered = await service.renderGravitee(entityRef, { format, secrets }, credentials);
      await event?.success({ meta: { kid: rendered.kid } });
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${rendered.name}-gravitee-${format}.json"`,
      );
      res.json(rendered.definition);
    } catch (error) {
      await event?.fail({ error: error as Error });
      throw error;
    }
  });

  // Deploys import or update the integration's API in Gravitee, then start and deploy it.
  router.post(`${ENTITY}/gravitee/deploy`, async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const entityRef = entityRefFromParams(req.params);
    const body = assertObjectBody(req.body, ['format']);
    const format = parseFormat(body.format, 'format');
    const event = await auditor.createEvent({
      eventId: 'gravitee-deploy',
      severityLevel: 'high',
      request: req,
      meta: { entityRef, format: format ?? service.graviteeStatus.deployFormat },
    });
    try {
      const { kid, secrets, ...result } = await service.deployGravitee(
        entityRef,
        { format },
        credentials,
      );
      await event.success({
        meta: { apiId: result.apiId, created: result.created, format: result.format, kid, secrets },
      });
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.get(`${ENTITY}/gravitee/deployment`, async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const format = parseFormat(req.query.format, 'format');
    res.json(
      await service.getGraviteeDeployment(entityRefFromParams(req.params), { format }, credentials),
    );
  });

  router.get('/v1/gravitee/status', async (req, res) => {
    await httpAuth.credentials(req);
    res.json(service.graviteeStatus);
  });

  router.post('/v1/gravitee/lint', async (req, res) => {
    await httpAuth.credentials(req);
    if (!req.is('application/json')) {
      throw new InputError('request body: send the Gravitee definition as application/json');
    }
    res.json(await service.lintGravitee(req.body));
  });

  registerExpiryRoutes(router, { httpAuth, auditor, expiryScan: options.expiryScan });
  registerProvisioningRoutes(router, { httpAuth, auditor, permissions, provisioning: options.provisioning });
  registerRotationRoutes(router, { service, httpAuth, auditor, rotation: options.rotation });

  // body-parser's own message ("Unexpected token } in JSON at position 7") does not say what to send.
  router.use(
    (error: any, _req: express.Request, _res: express.Response, next: express.NextFunction) => {
      if (error?.type === 'entity.parse.failed') {
        next(new InputError('request body: not valid JSON'));
        return;
      }
      if (error?.type === 'entity.too.large') {
        next(new InputError('request body: too large'));
        return;
      }
      next(error);
    },
  );

  return router;
}

function parseFormat(value: unknown, name: string): 'v2' | 'v4' | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (value !== 'v2' && value !== 'v4') {
    throw new InputError(`${name}: use "v2" (APIM 4.x v2 import) or "v4" (V4 proxy API import)`);
  }
  return value;
}

/** An absent body counts as `{}`; anything else must be a JSON object with only known fields. */
function assertObjectBody(body: unknown, allowedFields: string[]): Record<string, unknown> {
  if (body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0)) {
    return {};
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new InputError('request body: must be a JSON object');
  }
  const unknown = Object.keys(body).filter(field => !allowedFields.includes(field));
  if (unknown.length > 0) {
    throw new InputError(
      `request body: unknown field ${unknown.map(f => `"${f}"`).join(', ')}${
        allowedFields.length ? `; allowed: ${allowedFields.join(', ')}` : '; send an empty object'
      }`,
    );
  }
  return body as Record<string, unknown>;
}
