import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  GatewayCandidate,
  GatewayDeploymentView,
  GatewayDeploymentsResponse,
  GatewayTokenTestResponse,
  LinkGatewayDeploymentRequest,
  CreateKeyResponse,
  EntityIntegrationsResponse,
  IntegrationListQuery,
  IntegrationListResponse,
  KeyRotationView,
  MaskinportenIntegrationView,
  PublicJwk,
  RotationStepResponse,
  ScopeOffersResponse,
  StartRotationResponse,
  TokenTestResult,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import type {
  GraviteeDefinitionDownload,
  GraviteeDefinitionOptions,
} from './types';
import type {
  ExpiryScanStatus,
  GraviteeDeploymentView,
  GraviteeDeployRequest,
  GraviteeDeployResponse,
  GraviteeLintResult,
  GraviteeDeployStatus,
} from '@maskinporten-backstage/plugin-maskinporten-common';

/** What a token test may narrow down; the backend uses the integration's own values otherwise. @public */
export interface TokenTestRequest {
  scopes?: string[];
  kid?: string;
}

/**
 * The Maskinporten backend as the frontend sees it. Entity refs are full string refs
 * (`component:default/lonn-service`).
 *
 * @public
 */
export interface MaskinportenApi {
  getEntityIntegrations(entityRef: string): Promise<EntityIntegrationsResponse>;
  createKey(entityRef: string): Promise<CreateKeyResponse>;
  getJwks(entityRef: string): Promise<PublicJwk[]>;
  /** Resolves with the stored outcome, also when Maskinporten refused the grant. */
  runTokenTest(entityRef: string, request?: TokenTestRequest): Promise<TokenTestResult>;
  listIntegrations(query: IntegrationListQuery): Promise<IntegrationListResponse>;
  /** Asks the backend to rebuild its listing index now instead of at the next interval. */
  refreshIntegrations(): Promise<void>;
  /** The rendered definition and the file name the server suggests. */
  getGraviteeDefinition(
    entityRef: string,
    options: GraviteeDefinitionOptions,
  ): Promise<GraviteeDefinitionDownload>;
  /** Lints any v2 or v4 definition; the server rejects input that is not one with a 400. */
  lintGraviteeDefinition(definition: unknown): Promise<GraviteeLintResult>;
  deployGravitee(entityRef: string, request?: GraviteeDeployRequest): Promise<GraviteeDeployResponse>;
  /** The last deployment, or undefined when the entity was never deployed. */
  getGraviteeDeployment(entityRef: string): Promise<GraviteeDeploymentView | undefined>;
  getGraviteeStatus(): Promise<GraviteeDeployStatus>;
  /** Last and next run of the expiry scan, and what it last found. */
  getExpiryScan(): Promise<ExpiryScanStatus>;
  /** Runs the expiry scan now, on whichever backend replica picks it up. */
  triggerExpiryScan(): Promise<void>;
  /** Starts a key rotation, or returns the one already open. */
  startRotation(entityRef: string): Promise<StartRotationResponse>;
  /** The open rotation, else the latest; undefined when the integration was never rotated. */
  getCurrentRotation(entityRef: string): Promise<KeyRotationView | undefined>;
  /** Runs the steps that can run now; `retireNow` skips the rest of the grace period. */
  advanceRotation(entityRef: string, rotationId: string, options?: { retireNow?: boolean }): Promise<RotationStepResponse>;
  /** Manual flow: the user has uploaded the JWK array; the backend verifies with a token test. */
  confirmRotationUpload(entityRef: string, rotationId: string): Promise<RotationStepResponse>;
  cancelRotation(entityRef: string, rotationId: string): Promise<RotationStepResponse>;
  /**
   * The scopes an integration in `environment` may ask for, each with the organisation's
   * access (Digdir's scope-access API); `source: 'none'` where that API is not configured.
   */
  listScopes(environment: string): Promise<ScopeOffersResponse>;
  /**
   * Takes over the keys of a client imported from Digdir: from now on rotations and expiry
   * tracking manage them here. Answers the updated integration.
   */
  adoptIntegration(entityRef: string): Promise<MaskinportenIntegrationView>;
  /**
   * Retires the old keys now although linked gateways still sign with them; `breaking` names
   * exactly those deployments (the rotation's `blockingDeployments`).
   */
  forceRetireRotation(
    entityRef: string,
    rotationId: string,
    request: { breaking: string[]; reason?: string },
  ): Promise<RotationStepResponse>;
  /** The integration's gateway deployments, and the gateway targets the backend can reach. */
  listGatewayDeployments(entityRef: string): Promise<GatewayDeploymentsResponse>;
  /** An existing token service, read through its gateway, for the owner to look at before linking it. */
  getGatewayCandidate(entityRef: string, query: { target: string; apiId: string }): Promise<GatewayCandidate>;
  /** Links an existing token service by the kid it signs with, or one kept by hand (`target: 'manual'`). */
  linkGatewayDeployment(entityRef: string, request: LinkGatewayDeploymentRequest): Promise<GatewayDeploymentView>;
  /** The owner updated a deployment by hand; it now signs with `kid`. */
  confirmGatewayDeployment(entityRef: string, deploymentId: string, kid: string): Promise<GatewayDeploymentView>;
  unlinkGatewayDeployment(entityRef: string, deploymentId: string): Promise<void>;
  /** A token request through the deployed token service, past its cache. */
  testThroughGateway(entityRef: string, deploymentId: string): Promise<GatewayTokenTestResponse>;
  /** Reads every deployment back now (the drift check). */
  checkGatewayDeployments(entityRef: string): Promise<GatewayDeploymentsResponse>;
}

/** @public */
export const maskinportenApiRef = createApiRef<MaskinportenApi>().with({
  id: 'plugin.maskinporten.service',
  pluginId: 'maskinporten',
});
