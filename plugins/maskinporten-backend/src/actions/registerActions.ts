import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { MaskinportenActionsContext } from './context';
import { registerExplainErrorAction } from './explainErrorAction';
import { registerGraviteeActions } from './graviteeActions';
import { registerIntegrationActions } from './integrationActions';
import { registerRotationAction } from './rotationAction';
import { registerTokenTestAction } from './tokenTestAction';

export type { MaskinportenActionsContext, ListingDependencies } from './context';

/**
 * Registers the plugin's actions with Backstage's actions registry, which other plugins (the
 * MCP actions backend, the scaffolder, …) can list and invoke. Each action runs with the
 * caller's credentials through the same caller policy, permission checks and services as its
 * HTTP route; see the README's "Use it from your assistant".
 */
export function registerActions(registry: ActionsRegistryService, context: MaskinportenActionsContext): void {
  registerIntegrationActions(registry, context);
  registerExplainErrorAction(registry, context);
  registerTokenTestAction(registry, context);
  registerGraviteeActions(registry, context);
  registerRotationAction(registry, context);
}
