import type { Entity } from '@backstage/catalog-model';
import type {
  GatewayDeploymentView,
  ExpiryStatus,
  GraviteeDeployResponse,
  GraviteeDeploymentView,
  MaskinportenIntegrationView,
  MaskinportenKey,
  TokenTestResult,
} from '@maskinporten-backstage/plugin-maskinporten-common';

const DAY = 86_400_000;
export const daysFromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString();

export function makeEntity(
  annotations: Record<string, string> = {},
  overrides: Partial<Entity> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'lonn-service', namespace: 'default', annotations },
    spec: { type: 'service', owner: 'group:default/team-lonn', lifecycle: 'production' },
    ...overrides,
  };
}

export const annotatedEntity = makeEntity({
  'maskinporten.no/client-id': 'client-lonn-test',
  'maskinporten.no/environment': 'test',
  'maskinporten.no/scopes': 'dfo:ansatte',
});

export function makeKey(kid: string, expiry: ExpiryStatus, days: number, overrides: Partial<MaskinportenKey> = {}): MaskinportenKey {
  return {
    kid,
    environment: 'test',
    clientId: 'client-lonn-test',
    algorithm: 'RS256',
    modulusLength: 4096,
    state: 'active',
    createdAt: daysFromNow(-300),
    expiresAt: daysFromNow(days),
    expiry,
    daysUntilExpiry: days,
    ...overrides,
  };
}

export function makeIntegration(overrides: Partial<MaskinportenIntegrationView> = {}): MaskinportenIntegrationView {
  const key = makeKey('myorg-lonn-test-1', 'ok', 200);
  return {
    entityRef: 'component:default/lonn-service',
    title: 'lonn-service',
    owner: 'group:default/team-lonn',
    environment: 'test',
    clientId: 'client-lonn-test',
    scopes: ['dfo:ansatte', 'dfo:organisasjon'],
    resources: [],
    keys: [key],
    activeKid: key.kid,
    expiresAt: key.expiresAt,
    expiry: 'ok',
    ...overrides,
  };
}

export function makeTokenTest(overrides: Partial<TokenTestResult> = {}): TokenTestResult {
  return {
    id: 'test-1',
    entityRef: 'component:default/lonn-service',
    environment: 'test',
    clientId: 'client-lonn-test',
    kid: 'myorg-lonn-test-1',
    requestedBy: 'user:default/guest',
    requestedAt: daysFromNow(-1),
    outcome: 'success',
    message: 'Maskinporten issued a token.',
    httpStatus: 200,
    grantedScopes: ['dfo:ansatte'],
    expiresIn: 119,
    durationMs: 120,
    ...overrides,
  };
}

export function makeDeployment(overrides: Partial<GatewayDeploymentView> = {}): GatewayDeploymentView {
  return {
    id: '00000000-0000-4000-8000-0000000000d1',
    entityRef: 'component:default/lonn-service',
    environment: 'test',
    target: 'gravitee',
    targetTitle: 'Gravitee',
    managed: true,
    origin: 'deployed',
    apiId: 'api-1',
    name: 'lonn-service',
    contextPath: '/maskinporten/test/lonn-service',
    definitionVersion: 'v4',
    gatewayVersion: '4.10.8',
    kid: 'myorg-lonn-test-1',
    keyState: 'active',
    state: 'deployed',
    status: 'in-sync',
    statusText: 'Gravitee API lonn-service signs with the active key myorg-lonn-test-1.',
    findings: [],
    ...overrides,
  };
}

/** A deploy as `POST …/gravitee/deploy` answers it (the backend's own type, from -common). */
export function makeGraviteeDeployResponse(
  overrides: Partial<GraviteeDeployResponse> = {},
): GraviteeDeployResponse {
  return {
    apiId: 'api-9',
    status: 'deployed',
    format: 'v4',
    created: true,
    apimVersion: '4.10.8',
    kid: 'kid-1',
    secrets: 'inline',
    ...overrides,
  };
}

/** The last deploy, as `GET …/gravitee/deployment` answers it. */
export function makeGraviteeDeployment(
  overrides: Partial<GraviteeDeploymentView> = {},
): GraviteeDeploymentView {
  return {
    entityRef: 'component:default/lonn-service',
    environment: 'test',
    format: 'v4',
    apiId: 'api-9',
    apimVersion: '4.10.8',
    status: 'deployed',
    deploymentId: 'deployment-1',
    kid: 'kid-1',
    lastError: null,
    deployedBy: 'user:default/kari',
    updatedAt: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}
