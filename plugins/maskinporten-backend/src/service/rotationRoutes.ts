import express from 'express';
import {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';
import { RouteAccess } from '../access/routeAccess';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  maskinportenIntegrationReadPermission,
  maskinportenKeyCreatePermission,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import {
  MaskinportenService,
  describePrincipal,
  entityRefFromParams,
} from '../integrations/MaskinportenService';
import { KeyRotationService } from '../rotation/KeyRotationService';
import { normalizeRef } from '../database/columns';

const ROTATIONS = '/v1/entities/:kind/:namespace/:name/rotations';
type AuditMeta = NonNullable<AuditorServiceCreateEventOptions['meta']>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RotationRoutesOptions {
  service: MaskinportenService;
  rotation?: KeyRotationService;
  access: RouteAccess;
  auditor: AuditorService;
}

/**
 * Key rotation routes (documented in docs/key-lifecycle.md). Starting and moving a rotation
 * needs `maskinporten.key.create` on the entity, reading it `maskinporten.integration.read`.
 */
export function registerRotationRoutes(router: express.Router, options: RotationRoutesOptions) {
  const { service, rotation, access, auditor } = options;
  if (!rotation) {
    return;
  }

  /** Loads the entity's integration after checking the permission, and the addressed rotation. */
  async function load(
    req: express.Request,
    permission: typeof maskinportenKeyCreatePermission,
  ) {
    const credentials = await access.credentials(
      req,
      permission === maskinportenIntegrationReadPermission ? 'read' : 'rotation',
    );
    const entityRef = entityRefFromParams(req.params as any);
    const { integration } = await service.authorizedIntegration(entityRef, permission, credentials);
    return { credentials, entityRef, integration };
  }

  async function loadRotation(req: express.Request) {
    const id = req.params.id;
    if (!UUID.test(id)) {
      throw new InputError('id: must be a rotation id (a UUID) as returned by POST …/rotations');
    }
    const loaded = await load(req, maskinportenKeyCreatePermission);
    const current = await rotation!.current(loaded.integration);
    // Only the integration's latest rotation can be acted on; older ones are history.
    if (
      !current ||
      current.id !== id ||
      normalizeRef(current.entityRef) !== normalizeRef(loaded.integration.entityRef)
    ) {
      throw new NotFoundError(`No current key rotation ${id} for ${loaded.integration.entityRef}`);
    }
    return { ...loaded, id };
  }

  async function audited<T>(
    req: express.Request,
    eventId: string,
    meta: AuditMeta,
    fn: () => Promise<T>,
    describe: (result: T) => AuditMeta,
  ): Promise<T> {
    const event = await auditor.createEvent({ eventId, severityLevel: 'medium', request: req, meta });
    try {
      const result = await fn();
      await event.success({ meta: describe(result) });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  router.post(ROTATIONS, async (req, res) => {
    assertBody(req.body, []);
    const { credentials, entityRef, integration } = await load(req, maskinportenKeyCreatePermission);
    const result = await audited(
      req,
      'key-rotation-start',
      { entityRef, environment: integration.environment },
      () =>
        rotation.start(
          {
            entityRef: integration.entityRef,
            environment: integration.environment,
            clientId: integration.clientId,
            scopes: integration.scopes,
          },
          describePrincipal(credentials),
        ),
      r => ({ rotationId: r.rotation.id, created: r.created, phase: r.rotation.phase, newKid: r.rotation.newKid ?? null }),
    );
    res.status(result.created ? 201 : 200).json(result);
  });

  router.get(`${ROTATIONS}/current`, async (req, res) => {
    const { integration } = await load(req, maskinportenIntegrationReadPermission);
    const current = await rotation.current(integration);
    if (!current) {
      throw new NotFoundError(`${integration.entityRef} has never been rotated`);
    }
    res.json({ rotation: current });
  });

  router.post(`${ROTATIONS}/:id/advance`, async (req, res) => {
    const body = assertBody(req.body, ['retireNow']);
    if (body.retireNow !== undefined && typeof body.retireNow !== 'boolean') {
      throw new InputError('retireNow: must be true or false');
    }
    const { entityRef, id } = await loadRotation(req);
    const result = await audited(
      req,
      'key-rotation-advance',
      { entityRef, rotationId: id, retireNow: body.retireNow === true },
      () => rotation.advance(id, { retireNow: body.retireNow === true }),
      r => ({ phase: r.rotation.phase }),
    );
    res.json(result);
  });

  router.post(`${ROTATIONS}/:id/uploaded`, async (req, res) => {
    assertBody(req.body, []);
    const { entityRef, id } = await loadRotation(req);
    const result = await audited(
      req,
      'key-rotation-upload-confirmed',
      { entityRef, rotationId: id },
      () => rotation.confirmUploaded(id),
      r => ({ phase: r.rotation.phase, verification: r.verification?.outcome ?? null }),
    );
    res.json(result);
  });

  router.post(`${ROTATIONS}/:id/cancel`, async (req, res) => {
    assertBody(req.body, []);
    const { entityRef, id } = await loadRotation(req);
    const result = await audited(
      req,
      'key-rotation-cancel',
      { entityRef, rotationId: id },
      () => rotation.cancel(id),
      r => ({ phase: r.rotation.phase }),
    );
    res.json(result);
  });
}

/** An absent body counts as `{}`; anything else must be a JSON object with only known fields. */
function assertBody(body: unknown, allowed: string[]): Record<string, unknown> {
  if (body === undefined || body === null) {
    return {};
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new InputError('request body: must be a JSON object');
  }
  const unknown = Object.keys(body).filter(field => !allowed.includes(field));
  if (unknown.length > 0) {
    throw new InputError(
      `request body: unknown field ${unknown.map(f => `"${f}"`).join(', ')}${
        allowed.length ? `; allowed: ${allowed.join(', ')}` : '; send an empty object'
      }`,
    );
  }
  return body as Record<string, unknown>;
}
