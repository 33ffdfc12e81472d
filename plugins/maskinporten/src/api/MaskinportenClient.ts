import { parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
import type { MaskinportenApi, TokenTestRequest } from './MaskinportenApi';
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

/** @public */
export class MaskinportenClient implements MaskinportenApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  getEntityIntegrations(entityRef: string): Promise<EntityIntegrationsResponse> {
    return this.#request(`${entityPath(entityRef)}/integrations`);
  }

  createKey(entityRef: string): Promise<CreateKeyResponse> {
    return this.#request(`${entityPath(entityRef)}/keys`, { method: 'POST', body: {} });
  }

  getJwks(entityRef: string): Promise<PublicJwk[]> {
    return this.#request(`${entityPath(entityRef)}/jwks?format=array`);
  }

  runTokenTest(entityRef: string, request: TokenTestRequest = {}): Promise<TokenTestResult> {
    const body: TokenTestRequest = {};
    // The backend rejects unknown or empty fields, so only send what was asked for.
    if (request.scopes && request.scopes.length > 0) body.scopes = request.scopes;
    if (request.kid) body.kid = request.kid;
    return this.#request(`${entityPath(entityRef)}/token-tests`, { method: 'POST', body });
  }

  listIntegrations(query: IntegrationListQuery): Promise<IntegrationListResponse> {
    const params = new URLSearchParams();
    for (const owner of query.owner ?? []) params.append('owner', owner);
    if (query.environment) params.set('environment', query.environment);
    if (query.expiresWithinDays !== undefined) {
      params.set('expiresWithinDays', String(query.expiresWithinDays));
    }
    if (query.q) params.set('q', query.q);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.cursor) params.set('cursor', query.cursor);
    const search = params.toString();
    return this.#request(`/v1/integrations${search ? `?${search}` : ''}`);
  }

  async refreshIntegrations(): Promise<void> {
    await this.#request('/v1/integrations/refresh', { method: 'POST', body: {} });
  }

  async getGraviteeDefinition(
    entityRef: string,
    options: GraviteeDefinitionOptions,
  ): Promise<GraviteeDefinitionDownload> {
    const params = new URLSearchParams({ format: options.format, secrets: options.secrets });
    const response = await this.#fetch(`${entityPath(entityRef)}/gravitee?${params}`);
    const text = await response.text();
    const { name } = parseEntityRef(entityRef);
    return {
      definition: text ? JSON.parse(text) : undefined,
      filename:
        filenameFrom(response.headers.get('Content-Disposition')) ??
        `${name}-gravitee-${options.format}.json`,
    };
  }

  lintGraviteeDefinition(definition: unknown): Promise<GraviteeLintResult> {
    return this.#request('/v1/gravitee/lint', { method: 'POST', body: definition });
  }

  deployGravitee(entityRef: string, request: GraviteeDeployRequest = {}): Promise<GraviteeDeployResponse> {
    const body: GraviteeDeployRequest = {};
    if (request.format) body.format = request.format;
    return this.#request(`${entityPath(entityRef)}/gravitee/deploy`, { method: 'POST', body });
  }

  async getGraviteeDeployment(entityRef: string): Promise<GraviteeDeploymentView | undefined> {
    try {
      return await this.#request<GraviteeDeploymentView>(`${entityPath(entityRef)}/gravitee/deployment`);
    } catch (error) {
      if (ResponseError.is(error) && error.response.status === 404) return undefined;
      throw error;
    }
  }

  getGraviteeStatus(): Promise<GraviteeDeployStatus> {
    return this.#request('/v1/gravitee/status');
  }

  startRotation(entityRef: string): Promise<StartRotationResponse> {
    return this.#request(`${entityPath(entityRef)}/rotations`, { method: 'POST', body: {} });
  }

  async getCurrentRotation(entityRef: string): Promise<KeyRotationView | undefined> {
    try {
      const { rotation } = await this.#request<{ rotation: KeyRotationView }>(
        `${entityPath(entityRef)}/rotations/current`,
      );
      return rotation;
    } catch (error) {
      if (ResponseError.is(error) && error.response.status === 404) return undefined;
      throw error;
    }
  }

  advanceRotation(
    entityRef: string,
    rotationId: string,
    options: { retireNow?: boolean } = {},
  ): Promise<RotationStepResponse> {
    return this.#request(`${rotationPath(entityRef, rotationId)}/advance`, {
      method: 'POST',
      body: options.retireNow ? { retireNow: true } : {},
    });
  }

  confirmRotationUpload(entityRef: string, rotationId: string): Promise<RotationStepResponse> {
    return this.#request(`${rotationPath(entityRef, rotationId)}/uploaded`, { method: 'POST', body: {} });
  }

  cancelRotation(entityRef: string, rotationId: string): Promise<RotationStepResponse> {
    return this.#request(`${rotationPath(entityRef, rotationId)}/cancel`, { method: 'POST', body: {} });
  }

  getExpiryScan(): Promise<ExpiryScanStatus> {
    return this.#request('/v1/expiry-scan');
  }

  async triggerExpiryScan(): Promise<void> {
    await this.#fetch('/v1/expiry-scan', { method: 'POST', body: {} });
  }

  listScopes(environment: string): Promise<ScopeOffersResponse> {
    return this.#request(`/v1/environments/${encodeURIComponent(environment)}/scopes`);
  }

  adoptIntegration(entityRef: string): Promise<MaskinportenIntegrationView> {
    return this.#request(`${entityPath(entityRef)}/adopt`, { method: 'POST', body: {} });
  }

  forceRetireRotation(
    entityRef: string,
    rotationId: string,
    request: { breaking: string[]; reason?: string },
  ): Promise<RotationStepResponse> {
    return this.#request(`${rotationPath(entityRef, rotationId)}/force-retire`, { method: 'POST', body: request });
  }

  listGatewayDeployments(entityRef: string): Promise<GatewayDeploymentsResponse> {
    return this.#request(`${entityPath(entityRef)}/gateway-deployments`);
  }

  getGatewayCandidate(entityRef: string, query: { target: string; apiId: string }): Promise<GatewayCandidate> {
    const params = new URLSearchParams({ target: query.target, apiId: query.apiId });
    return this.#request(`${entityPath(entityRef)}/gateway-deployments/candidate?${params}`);
  }

  async linkGatewayDeployment(entityRef: string, request: LinkGatewayDeploymentRequest): Promise<GatewayDeploymentView> {
    const body: LinkGatewayDeploymentRequest = { target: request.target, apiId: request.apiId, kid: request.kid };
    // The backend refuses empty optional fields; send only what was given.
    if (request.name) body.name = request.name;
    if (request.contextPath) body.contextPath = request.contextPath;
    const { deployment } = await this.#request<{ deployment: GatewayDeploymentView }>(
      `${entityPath(entityRef)}/gateway-deployments`,
      { method: 'POST', body },
    );
    return deployment;
  }

  async confirmGatewayDeployment(entityRef: string, deploymentId: string, kid: string): Promise<GatewayDeploymentView> {
    const { deployment } = await this.#request<{ deployment: GatewayDeploymentView }>(
      `${deploymentPath(entityRef, deploymentId)}/confirm`,
      { method: 'POST', body: { kid } },
    );
    return deployment;
  }

  async unlinkGatewayDeployment(entityRef: string, deploymentId: string): Promise<void> {
    await this.#fetch(deploymentPath(entityRef, deploymentId), { method: 'DELETE' });
  }

  testThroughGateway(entityRef: string, deploymentId: string): Promise<GatewayTokenTestResponse> {
    return this.#request(`${deploymentPath(entityRef, deploymentId)}/token-tests`, { method: 'POST', body: {} });
  }

  checkGatewayDeployments(entityRef: string): Promise<GatewayDeploymentsResponse> {
    return this.#request(`${entityPath(entityRef)}/gateway-deployments/check`, { method: 'POST', body: {} });
  }

  async #request<T>(path: string, init?: { method: string; body: unknown }): Promise<T> {
    const response = await this.#fetch(path, init);
    // A refresh may answer 202/204 without a body.
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async #fetch(path: string, init?: { method: string; body?: unknown }): Promise<Response> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('maskinporten');
    const hasBody = init?.body !== undefined;
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, {
      method: init?.method ?? 'GET',
      headers: hasBody ? { 'Content-Type': 'application/json' } : undefined,
      body: hasBody ? JSON.stringify(init!.body) : undefined,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/v1/entities/${encodeURIComponent(kind.toLocaleLowerCase('en-US'))}/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(name)}`;
}

function deploymentPath(entityRef: string, deploymentId: string): string {
  return `${entityPath(entityRef)}/gateway-deployments/${encodeURIComponent(deploymentId)}`;
}

function rotationPath(entityRef: string, rotationId: string): string {
  return `${entityPath(entityRef)}/rotations/${encodeURIComponent(rotationId)}`;
}

/** `attachment; filename="x.json"` or RFC 5987 `filename*=UTF-8''x.json`; no path parts. */
export function filenameFrom(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  let name: string | undefined;
  if (extended) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = undefined;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(header);
    name = (plain?.[1] ?? plain?.[2])?.trim();
  }
  const base = name?.split(/[\\/]/).pop();
  return base ? base : undefined;
}
