import { mockServices } from '@backstage/backend-test-utils';
import { ApimRelease, GatewayDouble, ManagementApiDouble } from '@maskinporten-backstage/gravitee-simulator';
import { MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import { GraviteeDeployConfig } from '../../config/readMaskinportenConfig';
import { GeneratedKey, createKid, generateRsaKey } from '../../keys/generateKeyPair';
import { jwkThumbprint } from '../../lib/jwkThumbprint';
import { renderGraviteeDefinition } from '..';
import { SECRET_RUN_LENGTH } from '../deploy/secretScrubber';
import { GraviteeGatewayTarget } from './GraviteeGatewayTarget';
import { patchSigningKey } from './signers';

jest.setTimeout(120_000);

const TOKEN = 'target-test-token';
const VERIFIER = 'b1a2c3d4-0000-4000-8000-0000000000bb';
const SCOPE = 'dfo:ansatte';
const integration = {
  entityRef: 'component:default/lonn',
  name: 'lonn',
  environment: 'test',
  issuer: '',
  tokenEndpoint: '',
  clientId: 'client-lonn',
  scopes: [SCOPE],
  resources: [],
};

async function newKey(name: string): Promise<GeneratedKey> {
  return generateRsaKey({ kid: createKid({ prefix: 'tgt', environment: 'test', entityName: name, now: new Date() }), modulusLength: 2048 });
}

/** The Gravitee target on each emulated release: read back, swap the key in place, test through the gateway. */
describe.each(['4.5', '4.8', '4.10', '4.12'] as ApimRelease[])('Gravitee target on APIM %s', release => {
  let simulator: MaskinportenSimulator;
  let gateway: GatewayDouble;
  let management: ManagementApiDouble;
  let config: GraviteeDeployConfig;
  let target: GraviteeGatewayTarget;
  let oldKey: GeneratedKey;
  const apis: Record<'v2' | 'v4', string> = { v2: '', v4: '' };

  beforeAll(async () => {
    simulator = await MaskinportenSimulator.start({ clients: [{ clientId: 'client-lonn', scopes: [SCOPE] }] });
    Object.assign(integration, { issuer: simulator.issuer, tokenEndpoint: simulator.tokenEndpoint });
    gateway = await GatewayDouble.start();
    management = await ManagementApiDouble.start({ token: TOKEN, release, gateway, applications: [{ id: VERIFIER, name: 'verifier' }] });
    config = {
      managementUrl: management.baseUrl,
      token: TOKEN,
      organization: 'DEFAULT',
      environment: 'DEFAULT',
      timeoutMs: 3000,
      gatewayUrl: gateway.url,
      verificationApplicationId: VERIFIER,
      subscriptionSyncMs: 0,
    };
    target = new GraviteeGatewayTarget({ config, logger: mockServices.logger.mock() });
    oldKey = await newKey('old');
    simulator.setClientKeys('client-lonn', [oldKey.publicJwk]);
    for (const format of ['v2', 'v4'] as const) {
      apis[format] = await importByHand(format, oldKey, format === 'v2' ? 'iss' : undefined);
    }
  });

  afterAll(async () => {
    await management?.close();
    await gateway?.close();
    await simulator?.close();
  });

  async function call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${management.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  async function importByHand(format: 'v2' | 'v4', key: GeneratedKey, issuerFromHeader?: string): Promise<string> {
    const definition = renderGraviteeDefinition(
      {
        entityRef: integration.entityRef,
        name: `lonn ${format}`,
        environment: { name: 'test', issuer: simulator.issuer, tokenEndpoint: simulator.tokenEndpoint },
        clientId: 'client-lonn',
        scopes: [SCOPE],
        kid: key.kid,
        privateKeyPem: key.privateKeyPem,
        contextPath: `/by-hand/${format}`,
        ipAllowList: [],
        issuerFromHeader,
      },
      { format, secrets: 'inline' },
    );
    if (format === 'v2') {
      const org = '/management/organizations/DEFAULT/environments/DEFAULT/apis';
      const api = await call('POST', `${org}/import?definitionVersion=2.0.0`, definition);
      await call('POST', `${org}/${api.id}?action=START`);
      await call('POST', `${org}/${api.id}/deploy`);
      return api.id;
    }
    const env = '/management/v2/environments/DEFAULT/apis';
    const api = await call('POST', `${env}/_import/definition`, definition);
    await call('POST', `${env}/${api.id}/_start`);
    await call('POST', `${env}/${api.id}/deployments`, {});
    return api.id;
  }

  describe.each(['v2', 'v4'] as const)('%s API', format => {
    const ref = () => ({ target: 'gravitee', apiId: apis[format] });

    it('reads what it signs with, without key material', async () => {
      const inspection = await target.inspect(ref());
      expect(inspection).toMatchObject({
        definitionVersion: format,
        gatewayVersion: expect.stringMatching(new RegExp(`^${release.replace('.', '\\.')}\\.`)),
        contextPath: `/by-hand/${format}`,
        started: true,
        signers: [{ kid: expect.any(String), fingerprint: jwkThumbprint(oldKey.publicJwk), audiences: [simulator.issuer] }],
      });
      expect(JSON.stringify(inspection)).not.toContain('PRIVATE KEY');
    });

    it('gets a token through the gateway past its cache, every time', async () => {
      const before = gateway.upstreamCalls.filter(c => c.apiId === apis[format]).length;
      for (let i = 0; i < 2; i++) {
        expect(await target.requestToken({ deployment: ref(), integration, scope: SCOPE })).toMatchObject({ outcome: 'success', httpStatus: 200 });
      }
      // Without the cache bypass the second request would have been answered from the cache.
      expect(gateway.upstreamCalls.filter(c => c.apiId === apis[format]).length - before).toBe(2);
      // One verification subscription, reused.
      expect(management.apis.get(apis[format])!.subscriptions.filter(s => s.application === VERIFIER)).toHaveLength(1);
    });

    it('swaps the signing key in place with the release update route, and the gateway signs with it at once', async () => {
      const next = await newKey(`next-${format}`);
      simulator.setClientKeys('client-lonn', [oldKey.publicJwk, next.publicJwk]);
      management.calls.length = 0;
      const apisBefore = management.apis.size;
      const result = await target.deploy({
        deployment: ref(),
        integration,
        key: { kid: next.kid, privateKeyPem: next.privateKeyPem, fingerprint: jwkThumbprint(next.publicJwk) },
      });
      expect(result).toEqual({ gatewayVersion: expect.any(String), definitionVersion: format });
      const writes = management.calls.filter(c => c.method !== 'GET').map(c => `${c.method} ${c.path.replace(apis[format], '{id}')}`);
      const v1 = '/management/organizations/DEFAULT/environments/DEFAULT/apis/{id}';
      const v2 = '/management/v2/environments/DEFAULT/apis/{id}';
      const expected: Record<string, string[]> = {
        v2: [`PUT ${v1}/import`, `POST ${v1}/deploy`],
        'v4 4.12': [`PUT ${v2}/_import/definition`, `POST ${v2}/deployments`],
        v4: [`PUT ${v2}`, `PUT ${v2}/plans/{plan}`, `POST ${v2}/deployments`],
      };
      const key = format === 'v4' && release === '4.12' ? 'v4 4.12' : format;
      expect(writes.map(w => w.replace(/\/plans\/[0-9a-f-]+$/, '/plans/{plan}'))).toEqual(expected[key]);
      expect(management.apis.size).toBe(apisBefore);
      expect((await target.inspect(ref()))!.signers).toEqual([expect.objectContaining({ kid: next.kid, fingerprint: jwkThumbprint(next.publicJwk) })]);
      simulator.setClientKeys('client-lonn', [next.publicJwk]);
      expect(await target.requestToken({ deployment: ref(), integration, scope: SCOPE })).toMatchObject({ outcome: 'success' });
      expect(gateway.upstreamCalls.at(-1)).toMatchObject({ apiId: apis[format], kid: next.kid, status: 200 });
      simulator.setClientKeys('client-lonn', [oldKey.publicJwk, next.publicJwk]);
    });

    it('lets no piece of either key into its errors when Gravitee echoes the body', async () => {
      const next = await newKey(`echo-${format}`);
      management.echoBodyInErrors = true;
      management.failNext(1, 400, undefined, 'PUT');
      try {
        const error = await target
          .deploy({ deployment: ref(), integration, key: { kid: next.kid, privateKeyPem: next.privateKeyPem, fingerprint: 'x' } })
          .then(() => undefined, e => e as Error);
        expect(error?.message).toMatch(/Gravitee refused the update \(400\)/);
        const current = JSON.stringify(management.apis.get(apis[format])!.definition);
        const start = current.indexOf('-----BEGIN PRIVATE KEY-----');
        const old = JSON.parse(`"${current.slice(start, current.indexOf('-----END PRIVATE KEY-----') + 25)}"`) as string;
        for (const pem of [next.privateKeyPem, old]) {
          const body = pem.split('\n').filter(l => l && !l.startsWith('-----')).join('');
          for (let i = 0; i + SECRET_RUN_LENGTH <= body.length; i += 8) {
            expect(error!.message).not.toContain(body.slice(i, i + SECRET_RUN_LENGTH));
          }
        }
      } finally {
        management.echoBodyInErrors = false;
      }
    });
  });

  it('says what is missing instead of calling the gateway', async () => {
    const bare = new GraviteeGatewayTarget({ config: { ...config, gatewayUrl: undefined }, logger: mockServices.logger.mock() });
    expect(await bare.requestToken({ deployment: { target: 'gravitee', apiId: apis.v4 }, integration, scope: SCOPE })).toMatchObject({
      outcome: 'unreachable',
      message: expect.stringContaining('maskinporten.gravitee.gatewayUrl'),
    });
    const noApp = new GraviteeGatewayTarget({ config: { ...config, verificationApplicationId: undefined }, logger: mockServices.logger.mock() });
    expect(await noApp.requestToken({ deployment: { target: 'gravitee', apiId: apis.v4 }, integration, scope: SCOPE })).toMatchObject({
      outcome: 'rejected',
      message: expect.stringContaining('maskinporten.gravitee.verification.applicationId'),
    });
    expect(await target.inspect({ target: 'gravitee', apiId: '00000000-0000-4000-8000-000000000999' })).toBeUndefined();
    await expect(
      target.deploy({
        deployment: { target: 'gravitee', apiId: '00000000-0000-4000-8000-000000000999' },
        integration,
        key: { kid: 'k', privateKeyPem: oldKey.privateKeyPem, fingerprint: 'x' },
      }),
    ).rejects.toThrow(/no longer has API .*; deploy the token service again, or unlink the deployment/);
  });
});

describe('patchSigningKey', () => {
  it('refuses a Generate JWT step that reads its key from a file or key store', () => {
    const definition = {
      gravitee: '2.0.0',
      flows: [{ pre: [{ policy: 'policy-generate-jwt', configuration: { keyResolver: 'PEM', content: '/etc/key.pem', kid: 'k' } }] }],
    };
    expect(() => patchSigningKey(definition, 'k2', 'pem')).toThrow(/reads its key with PEM, not INLINE; update that gateway by hand/);
    expect(() => patchSigningKey({ gravitee: '2.0.0', flows: [] }, 'k2', 'pem')).toThrow(/no enabled Generate JWT step/);
  });

  it('changes only kid and key, in API and plan flows, and leaves the input alone', () => {
    const step = { policy: 'policy-generate-jwt', configuration: { keyResolver: 'INLINE', content: 'old', kid: 'k1', issuer: 'x' } };
    const definition = { api: { definitionVersion: 'V4', flows: [{ request: [step] }] }, plans: [{ flows: [{ request: [step] }] }] };
    const patched = patchSigningKey(definition, 'k2', 'new');
    expect(patched.api.flows[0].request[0].configuration).toEqual({ keyResolver: 'INLINE', content: 'new', kid: 'k2', issuer: 'x' });
    expect(patched.plans[0].flows[0].request[0].configuration.kid).toBe('k2');
    expect(step.configuration.kid).toBe('k1');
  });
});
