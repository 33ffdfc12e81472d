import type { MaskinportenApi } from '../api';

/** A jest-mocked API: every method rejects until a test says what it returns. */
export function fakeMaskinportenApi(overrides: Partial<MaskinportenApi> = {}): jest.Mocked<MaskinportenApi> {
  const unexpected = (name: string) =>
    jest.fn(async () => {
      throw new Error(`unexpected call to ${name}`);
    });
  return {
    getEntityIntegrations: unexpected('getEntityIntegrations'),
    createKey: unexpected('createKey'),
    getJwks: unexpected('getJwks'),
    runTokenTest: unexpected('runTokenTest'),
    listIntegrations: unexpected('listIntegrations'),
    refreshIntegrations: jest.fn(async () => undefined),
    getGraviteeDefinition: unexpected('getGraviteeDefinition'),
    lintGraviteeDefinition: unexpected('lintGraviteeDefinition'),
    deployGravitee: unexpected('deployGravitee'),
    // The card asks on every render; unconfigured deploy is the common case.
    getGraviteeStatus: jest.fn(async () => ({ deployConfigured: false, deployFormat: 'v2' as const })),
    getGraviteeDeployment: jest.fn(async () => undefined),
    // The self-service page shows the scan status on every render.
    getExpiryScan: jest.fn(async () => ({ delivery: 'log' as const })),
    triggerExpiryScan: jest.fn(async () => undefined),
    startRotation: unexpected('startRotation'),
    getCurrentRotation: jest.fn(async () => undefined),
    advanceRotation: unexpected('advanceRotation'),
    confirmRotationUpload: unexpected('confirmRotationUpload'),
    cancelRotation: unexpected('cancelRotation'),
    // The card asks for scope owners only when a scope has lost its access.
    listScopes: jest.fn(async (environment: string) => ({ environment, source: 'none' as const, scopes: [] })),
    adoptIntegration: unexpected('adoptIntegration'),
    forceRetireRotation: unexpected('forceRetireRotation'),
    // The adoption dialog lists the targets; none configured is the common case.
    listGatewayDeployments: jest.fn(async () => ({ items: [], targets: [] })),
    getGatewayCandidate: unexpected('getGatewayCandidate'),
    linkGatewayDeployment: unexpected('linkGatewayDeployment'),
    confirmGatewayDeployment: unexpected('confirmGatewayDeployment'),
    unlinkGatewayDeployment: unexpected('unlinkGatewayDeployment'),
    testThroughGateway: unexpected('testThroughGateway'),
    checkGatewayDeployments: unexpected('checkGatewayDeployments'),
    ...(Object.fromEntries(
      Object.entries(overrides).map(([name, impl]) => [name, jest.fn(impl as any)]),
    ) as Partial<jest.Mocked<MaskinportenApi>>),
  } as jest.Mocked<MaskinportenApi>;
}
