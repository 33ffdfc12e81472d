import express from 'express';
import {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { RouteAccess } from '../access/routeAccess';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { maskinportenIntegrationCreatePermission } from '@maskinporten-backstage/plugin-maskinporten-common';
import { ProvisioningService } from '../provisioning/ProvisioningService';

export interface ProvisioningRoutesOptions {
  /** Without it (the plugin could not set provisioning up) the route is absent. */
  provisioning?: ProvisioningService;
  access: RouteAccess;
  auditor: AuditorService;
  permissions: PermissionsService;
}

/**
 * `POST /v1/provisioning/integrations`: the scaffolder action's way to create the key (and
 * optionally the Digdir client) of an integration before its entity exists. Documented in
 * docs/scaffolder.md. Relies on the enclosing router's JSON body parser and error mapping.
 */
export function registerProvisioningRoutes(
  router: express.Router,
  options: ProvisioningRoutesOptions,
) {
  const { provisioning, access, auditor, permissions } = options;
  if (!provisioning) {
    return;
  }

  router.post('/v1/provisioning/integrations', async (req, res) => {
    // The scaffolder calls on behalf of the user who runs the template (a listed service caller).
    const credentials = await access.credentials(req, 'provisioning');
    const [decision] = await permissions.authorize(
      [{ permission: maskinportenIntegrationCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${maskinportenIntegrationCreatePermission.name}`);
    }
    const request = provisioning.validate(req.body);
    const event = await auditor.createEvent({
      eventId: 'integration-create',
      severityLevel: 'medium',
      request: req,
      meta: {
        entityRef: request.entityRef,
        environment: request.environment,
        registerWithDigdir: request.registerWithDigdir,
        dryRun: request.dryRun,
      },
    });
    try {
      const { response, created } = await provisioning.provision(request, credentials);
      await event.success({
        meta: { kid: response.kid, clientId: response.clientId ?? null, created },
      });
      res.status(created ? 201 : 200).json(response);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });
}
