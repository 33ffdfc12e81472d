import express from 'express';
import { maskinportenIntegrationCreatePermission } from '@maskinporten-backstage/plugin-maskinporten-common';
import { EntityAccess } from '../access/entityAccess';
import { audited } from '../service/audit';
import { RouteContext } from '../service/routeContext';
import { ProvisioningService } from './ProvisioningService';

/**
 * `POST /v1/provisioning/integrations`: the scaffolder action's way to create the key (and
 * optionally the Digdir client) of an integration before its entity exists. Documented in
 * docs/scaffolder.md.
 */
export function registerProvisioningRoutes(
  router: express.Router,
  context: RouteContext & { entities: EntityAccess; provisioning: ProvisioningService },
) {
  const { access, auditor, entities, provisioning } = context;

  router.post('/v1/provisioning/integrations', async (req, res) => {
    // The scaffolder calls on behalf of the user who runs the template (a listed service caller).
    const credentials = await access.credentials(req, 'provisioning');
    await entities.authorizeBasic(maskinportenIntegrationCreatePermission, credentials);
    const request = provisioning.validate(req.body);
    const { response, created } = await audited(
      auditor,
      req,
      {
        eventId: 'integration-create',
        severityLevel: 'medium',
        meta: {
          entityRef: request.entityRef,
          environment: request.environment,
          registerWithDigdir: request.registerWithDigdir,
          dryRun: request.dryRun,
        },
      },
      () => provisioning.provision(request, credentials),
      r => ({ kid: r.response.kid, clientId: r.response.clientId ?? null, created: r.created }),
    );
    res.status(created ? 201 : 200).json(response);
  });
}
