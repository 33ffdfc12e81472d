import express from 'express';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  emptyRequestSchema,
  forceRetireRequestSchema,
  maskinportenIntegrationReadPermission,
  maskinportenKeyCreatePermission,
  rotationAdvanceRequestSchema,
  rotationIdSchema,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { EntityAccess, describePrincipal, entityRefFromParams } from '../access/entityAccess';
import { normalizeRef } from '../database';
import { audited } from '../service/audit';
import { parseBody } from '../service/requests';
import { ENTITY_ROUTE, RouteContext } from '../service/routeContext';
import { KeyRotationService } from './KeyRotationService';

const ROTATIONS = `${ENTITY_ROUTE}/rotations`;

/**
 * Key rotation routes (documented in docs/key-lifecycle.md). Starting and moving a rotation
 * needs `maskinporten.key.create` on the entity, reading it `maskinporten.integration.read`.
 */
export function registerRotationRoutes(
  router: express.Router,
  context: RouteContext & { entities: EntityAccess; rotation: KeyRotationService },
) {
  const { access, auditor, entities, rotation } = context;

  /** Loads the entity's integration after checking the caller and the permission. */
  async function load(req: express.Request, write: boolean) {
    const credentials = await access.credentials(req, write ? 'rotation' : 'read');
    const entityRef = entityRefFromParams(req.params as any);
    const { integration } = await entities.authorizedIntegration(
      entityRef,
      write ? maskinportenKeyCreatePermission : maskinportenIntegrationReadPermission,
      credentials,
    );
    return { credentials, entityRef, integration };
  }

  /** The addressed rotation: only the integration's latest can be acted on; older ones are history. */
  async function loadRotation(req: express.Request) {
    const parsed = rotationIdSchema.safeParse(req.params.id);
    if (!parsed.success) {
      throw new InputError(`id: ${parsed.error.issues[0].message}`);
    }
    const loaded = await load(req, true);
    const current = await rotation.current(loaded.integration);
    if (
      !current ||
      current.id !== parsed.data ||
      normalizeRef(current.entityRef) !== normalizeRef(loaded.integration.entityRef)
    ) {
      throw new NotFoundError(`No current key rotation ${parsed.data} for ${loaded.integration.entityRef}`);
    }
    return { ...loaded, id: parsed.data };
  }

  router.post(ROTATIONS, async (req, res) => {
    parseBody(emptyRequestSchema, req.body);
    const { credentials, entityRef, integration } = await load(req, true);
    const result = await audited(
      auditor,
      req,
      { eventId: 'key-rotation-start', severityLevel: 'medium', meta: { entityRef, environment: integration.environment } },
      () => rotation.start(integration, describePrincipal(credentials)),
      r => ({ rotationId: r.rotation.id, created: r.created, phase: r.rotation.phase, newKid: r.rotation.newKid ?? null }),
    );
    res.status(result.created ? 201 : 200).json(result);
  });

  router.get(`${ROTATIONS}/current`, async (req, res) => {
    const { integration } = await load(req, false);
    const current = await rotation.current(integration);
    if (!current) {
      throw new NotFoundError(`${integration.entityRef} has never been rotated`);
    }
    res.json({ rotation: current });
  });

  router.post(`${ROTATIONS}/:id/advance`, async (req, res) => {
    const { retireNow } = parseBody(rotationAdvanceRequestSchema, req.body);
    const { entityRef, id } = await loadRotation(req);
    const result = await audited(
      auditor,
      req,
      { eventId: 'key-rotation-advance', severityLevel: 'medium', meta: { entityRef, rotationId: id, retireNow: retireNow === true } },
      () => rotation.advance(id, { retireNow: retireNow === true }),
      r => ({ phase: r.rotation.phase }),
    );
    res.json(result);
  });

  router.post(`${ROTATIONS}/:id/uploaded`, async (req, res) => {
    parseBody(emptyRequestSchema, req.body);
    const { entityRef, id } = await loadRotation(req);
    const result = await audited(
      auditor,
      req,
      { eventId: 'key-rotation-upload-confirmed', severityLevel: 'medium', meta: { entityRef, rotationId: id } },
      () => rotation.confirmUploaded(id),
      r => ({ phase: r.rotation.phase, verification: r.verification?.outcome ?? null }),
    );
    res.json(result);
  });

  // Retires the old keys although linked gateways still sign with them: the body must name
  // those deployments. Severity high: it is the outage rotation otherwise prevents.
  router.post(`${ROTATIONS}/:id/force-retire`, async (req, res) => {
    const { breaking, reason } = parseBody(forceRetireRequestSchema, req.body);
    const { credentials, entityRef, id } = await loadRotation(req);
    const result = await audited(
      auditor,
      req,
      {
        eventId: 'key-rotation-force-retire',
        severityLevel: 'high',
        meta: { entityRef, rotationId: id, breaking, reason: reason ?? null },
      },
      () => rotation.forceRetire(id, breaking, describePrincipal(credentials)),
      r => ({ phase: r.rotation.phase, broken: r.broken }),
    );
    res.json({ rotation: result.rotation });
  });

  router.post(`${ROTATIONS}/:id/cancel`, async (req, res) => {
    parseBody(emptyRequestSchema, req.body);
    const { entityRef, id } = await loadRotation(req);
    const result = await audited(
      auditor,
      req,
      { eventId: 'key-rotation-cancel', severityLevel: 'medium', meta: { entityRef, rotationId: id } },
      () => rotation.cancel(id),
      r => ({ phase: r.rotation.phase }),
    );
    res.json(result);
  });
}
