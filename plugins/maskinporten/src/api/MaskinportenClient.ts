import { parseEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CreateKeyResponse,
  EntityIntegrationsResponse,
  IntegrationListQuery,
  IntegrationListResponse,
  PublicJwk,
  TokenTestResult,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import type { MaskinportenApi, TokenTestRequest } from './MaskinportenApi';

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

  async #request<T>(path: string, init?: { method: string; body: unknown }): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('maskinporten');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, {
      method: init?.method ?? 'GET',
      headers: init ? { 'Content-Type': 'application/json' } : undefined,
      body: init ? JSON.stringify(init.body) : undefined,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    // A refresh may answer 202/204 without a body.
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/v1/entities/${encodeURIComponent(kind.toLocaleLowerCase('en-US'))}/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(name)}`;
}
