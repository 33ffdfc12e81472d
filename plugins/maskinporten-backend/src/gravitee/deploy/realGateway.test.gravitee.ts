import { startTestBackend } from '@backstage/backend-test-utils';
import { MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import request from 'supertest';
import { GatewayDouble, ManagementApiDouble, RealGateway } from '@maskinporten-backstage/gravitee-simulator';
import { API, TOKEN, startDeployBackend } from './__testUtils__/deployBackend';

/**
 * The deploy path end to end against the real Gravitee gateway (APIM 4.10.8 with the real
 * Generate JWT, API key, IP filtering, cache, assign-content, transform and override-method
 * policies, loaded from their plugin zips): our backend renders the token service and deploys
 * it through the management API double (release 4.10), which publishes it to the gateway as the
 * real management API publishes to the gateways' sync. A consumer then calls the gateway with
 * an API key, and the gateway's grant must get a token from the Maskinporten simulator.
 *
 * The same assertions run against the gateway double (`GatewayDouble`), which stands in for the
 * real gateway where it cannot run (the jest suite, `npm start`): whatever the double does
 * differently from the real gateway fails here.
 *
 * The real gateway runs under `npm run test:gravitee`, which assembles it and sets
 * GRAVITEE_GATEWAY_HOME and GRAVITEE_JAVA_HOME; without them only the double runs.
 */
const gatewayConfig = RealGateway.configured();
if (!gatewayConfig && process.env.GRAVITEE_REQUIRED) {
  throw new Error('GRAVITEE_REQUIRED is set, but GRAVITEE_GATEWAY_HOME or GRAVITEE_JAVA_HOME is missing or wrong');
}

interface TestGateway {
  url: string;
  deploy: RealGateway['deploy'];
  syncSubscriptions: RealGateway['syncSubscriptions'];
  undeploy(apiId: string): Promise<void> | void;
  apiIds(): Promise<string[]>;
  stop(): Promise<void>;
}

const GATEWAYS: Array<[string, () => Promise<TestGateway>]> = [
  [
    'the gateway double',
    async () => {
      const double = await GatewayDouble.start();
      return {
        url: double.url,
        deploy: (id, file) => double.deploy(id, file),
        syncSubscriptions: (id, file) => double.syncSubscriptions(id, file),
        undeploy: id => double.undeploy(id),
        apiIds: async () => double.apiIds,
        stop: () => double.close(),
      };
    },
  ],
];
if (gatewayConfig) {
  GATEWAYS.push([
    'the real gateway',
    async () => {
      const real = await RealGateway.start(gatewayConfig);
      return Object.assign(real, {
        apiIds: async () => ((await (await fetch(`${real.bridgeUrl}/status`)).json()) as { apis: string[] }).apis,
      });
    },
  ]);
}

jest.setTimeout(180_000);

const CLIENT_ID = 'client-lonn';
const SCOPE = 'dfo:ansatte';
// Without a trailing slash: the gateway appends what follows the context path to the
// endpoint target, so `/maskinporten/test/lonn/` would reach `…/token/` (seen on the real gateway).
const CONTEXT_PATH = '/maskinporten/test/lonn';

describe.each(GATEWAYS)('Gravitee deploy against %s', (_name, startGateway) => {
  let gateway: TestGateway;
  let simulator: MaskinportenSimulator;

  beforeAll(async () => {
    simulator = await MaskinportenSimulator.start({
      scopes: [SCOPE, 'dfo:organisasjon'],
      clients: [{ clientId: CLIENT_ID, scopes: [SCOPE] }],
    });
    gateway = await startGateway();
  });

  afterAll(async () => {
    await gateway?.stop();
    await simulator?.close();
  });

  describe.each(['v2', 'v4'] as const)('%s definition', format => {
    let double: ManagementApiDouble;
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    let apiId: string;
    let apiKey: string;

    beforeAll(async () => {
      double = await ManagementApiDouble.start({
        token: TOKEN,
        release: '4.10',
        gateway,
      });
      backend = await startDeployBackend({
        environments: { test: { issuer: simulator.issuer, tokenEndpoint: simulator.tokenEndpoint } },
        gravitee: {
          managementUrl: double.baseUrl,
          token: TOKEN,
          deployFormat: format,
          // The real ip-filtering policy runs and lets the loopback caller through; as a /32,
          // which matches only with isInclusiveHostCount (the renderer sets it).
          ipAllowList: ['127.0.0.1/32'],
        },
      });
      // Register the backend's key on the simulated Digdir client, as a platform team does.
      const jwks = await request(backend.server).get(`${API}/lonn/jwks`).expect(200);
      simulator.setClientKeys(CLIENT_ID, Array.isArray(jwks.body) ? jwks.body : jwks.body.keys);
    });

    afterAll(async () => {
      if (apiId) await gateway.undeploy(apiId);
      await backend?.stop();
      await double?.close();
    });

    async function callGateway(scope: string) {
      return fetch(`${gateway.url}${CONTEXT_PATH}`, {
        headers: { 'X-Gravitee-Api-Key': apiKey, scope },
        signal: AbortSignal.timeout(30_000),
      });
    }

    it('deploys the rendered token service into the gateway', async () => {
      const first = await request(backend.server).post(`${API}/lonn/gravitee/deploy`).send({ format });
      expect({ status: first.status, gatewayError: double.lastGatewayError }).toEqual({ status: 200 });
      expect(first.body).toMatchObject({ format, created: true, apimVersion: '4.10.8' });
      apiId = first.body.apiId;
      // A consumer application subscribes to the plan; the next deploy carries the subscription.
      apiKey = double.subscribe(apiId);
      const second = await request(backend.server).post(`${API}/lonn/gravitee/deploy`).send({ format });
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ apiId, created: false });
      expect(await gateway.apiIds()).toContain(apiId);
    });

    it('answers a consumer with a Maskinporten token, got with the grant Generate JWT signed', async () => {
      simulator.clearRequests();
      const res = await callGateway(SCOPE);
      const body = await res.text();
      // On failure, the answer says why (e.g. the ip-filtering or api-key policy's message).
      expect(res.status === 200 ? 200 : `${res.status} ${body}`).toBe(200);
      const token = JSON.parse(body);
      expect(token).toMatchObject({ token_type: 'Bearer', scope: SCOPE, expires_in: 120 });
      // The simulator only issues a token for a grant that verifies against the client's
      // registered JWK with the grant's kid, aud = its issuer, iss = the client id, the scope
      // claim within the client's scopes and a lifetime of at most 120 s.
      expect(decodeJwt(token.access_token)).toMatchObject({ client_id: CLIENT_ID, scope: SCOPE });
      expect(decodeProtectedHeader(token.access_token).alg).toBe('RS256');
      expect(simulator.requests).toEqual([expect.objectContaining({ method: 'POST', path: '/token', status: 200 })]);
    });

    it('serves the next call from the token cache without a new grant', async () => {
      simulator.clearRequests();
      const res = await callGateway(SCOPE);
      expect(res.status).toBe(200);
      expect(simulator.requests).toEqual([]);
    });

    it("passes Maskinporten's refusal on, and does not cache it", async () => {
      simulator.clearRequests();
      for (let i = 0; i < 2; i++) {
        const res = await callGateway('dfo:organisasjon');
        expect(res.status).toBe(400);
        expect(await res.json()).toMatchObject({ error: 'invalid_scope' });
      }
      expect(simulator.requests.map(r => `${r.method} ${r.path} ${r.status}`)).toEqual([
        'POST /token 400',
        'POST /token 400',
      ]);
    });

    it('signs with the new key after a redeploy, once the old one is gone from Maskinporten', async () => {
      await request(backend.server).post(`${API}/lonn/keys`).send({}).expect(201);
      const jwks = await request(backend.server).get(`${API}/lonn/jwks`).expect(200);
      // Newest first (keyViews.ts toJwkSet); the newest key is the one a render picks.
      const keys: Array<{ kid: string }> = Array.isArray(jwks.body) ? jwks.body : jwks.body.keys;
      const newest = keys[0];
      // Only the new key is registered now: a grant signed with the old one would fail (MP-xxx).
      simulator.setClientKeys(CLIENT_ID, [newest as any]);
      const redeploy = await request(backend.server).post(`${API}/lonn/gravitee/deploy`).send({ format });
      expect(redeploy.body).toMatchObject({ apiId, created: false });
      expect(JSON.stringify(double.apis.get(apiId)!.definition)).toContain(`"kid":"${newest.kid}"`);
      simulator.clearRequests();
      const res = await callGateway(SCOPE);
      const body = await res.text();
      expect(res.status === 200 ? 200 : `${res.status} ${body}`).toBe(200);
      // A redeploy restarts the API's cache resource, so no token got with the old key is served.
      expect(simulator.requests.map(r => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /token 200']);
    });

    it('refuses a caller without an API key before any grant is made', async () => {
      simulator.clearRequests();
      const res = await fetch(`${gateway.url}${CONTEXT_PATH}`, {
        headers: { scope: SCOPE },
        signal: AbortSignal.timeout(30_000),
      });
      expect(res.status).toBe(401);
      expect(simulator.requests).toEqual([]);
    });
  });
});
