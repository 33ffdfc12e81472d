import { startTestBackend } from '@backstage/backend-test-utils';
import { MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import request from 'supertest';
import { ManagementApiDouble } from './__testUtils__/ManagementApiDouble';
import { RealGateway } from './__testUtils__/RealGateway';
import { API, TOKEN, startDeployBackend } from './__testUtils__/deployBackend';

/**
 * The deploy path end to end against the real Gravitee gateway (APIM 4.10.8 with the real
 * Generate JWT, API key, IP filtering, cache, assign-content, transform and override-method
 * policies, loaded from their plugin zips): our backend renders the token service and deploys
 * it through the management API double (release 4.10), which publishes it to the gateway as the
 * real management API publishes to the gateways' sync. A consumer then calls the gateway with
 * an API key, and the gateway's grant must get a token from the Maskinporten simulator.
 *
 * Runs under `npm run test:gravitee`, which assembles the gateway and sets
 * GRAVITEE_GATEWAY_HOME and GRAVITEE_JAVA_HOME; skipped otherwise.
 */
const gatewayConfig = RealGateway.configured();
if (!gatewayConfig && process.env.GRAVITEE_REQUIRED) {
  throw new Error('GRAVITEE_REQUIRED is set, but GRAVITEE_GATEWAY_HOME or GRAVITEE_JAVA_HOME is missing or wrong');
}
const describeWithGateway = gatewayConfig ? describe : describe.skip;

jest.setTimeout(180_000);

const CLIENT_ID = 'client-lonn';
const SCOPE = 'dfo:ansatte';
// Without a trailing slash: the gateway appends what follows the context path to the
// endpoint target, so `/maskinporten/test/lonn/` would reach `…/token/` (seen on the real gateway).
const CONTEXT_PATH = '/maskinporten/test/lonn';

describeWithGateway('Gravitee deploy against the real gateway', () => {
  let gateway: RealGateway;
  let simulator: MaskinportenSimulator;

  beforeAll(async () => {
    simulator = await MaskinportenSimulator.start({
      scopes: [SCOPE, 'dfo:organisasjon'],
      clients: [{ clientId: CLIENT_ID, scopes: [SCOPE] }],
    });
    gateway = await RealGateway.start(gatewayConfig!);
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
        gateway: (id, file) => gateway.deploy(id, file),
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
      const status = (await (await fetch(`${gateway.bridgeUrl}/status`)).json()) as { apis: string[] };
      expect(status.apis).toContain(apiId);
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
