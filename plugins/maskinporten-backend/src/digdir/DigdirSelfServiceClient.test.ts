import { generateKeyPairSync, KeyObject } from 'node:crypto';
import http from 'node:http';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/config';
import {
  createTestCertificate,
  ManualClock,
  MaskinportenSimulator,
  TestCertificate,
} from '@maskinporten-backstage/maskinporten-simulator';
import { PublicJwk } from '@maskinporten-backstage/plugin-maskinporten-common';
import { DigdirSelfServiceClient } from './DigdirSelfServiceClient';
import {
  DigdirRejectedError,
  DigdirUnavailableError,
  TooManyKeysError,
} from './types';

const ADMIN_TOKEN = 'sim-admin-token-for-tests';
const DCR_SCOPES = ['idporten:dcr.read', 'idporten:dcr.write', 'idporten:dcr.modify'];
const DAY_MS = 24 * 60 * 60 * 1000;

function rsaKey() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicKey };
}

function publicJwk(publicKey: KeyObject, kid: string): PublicJwk {
  const { n, e } = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return { kty: 'RSA', alg: 'RS256', use: 'sig', kid, e, n };
}

const pem = (privateKey: KeyObject) =>
  privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

describe('DigdirSelfServiceClient against the simulator', () => {
  // One key pair serves every integration key (kids differ), one the admin client.
  const integration = rsaKey();
  const admin = rsaKey();
  const keys = [1, 2, 3, 4, 5, 6].map(i => publicJwk(integration.publicKey, `integration-key-${i}`));

  let clock: ManualClock;
  let simulator: MaskinportenSimulator;

  beforeEach(async () => {
    clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
    simulator = await MaskinportenSimulator.start({
      port: 0,
      clock,
      adminToken: ADMIN_TOKEN,
      scopes: ['dfo:ansatte', 'dfo:organisasjon', ...DCR_SCOPES],
      clients: [
        {
          clientId: 'admin-with-kid',
          scopes: DCR_SCOPES,
          keys: [publicJwk(admin.publicKey, 'admin-key')],
        },
      ],
    });
  });

  afterEach(async () => {
    await simulator.close();
  });

  function clientFor(selfService: JsonObject) {
    const config = new ConfigReader({
      maskinporten: {
        environments: {
          test: {
            issuer: simulator.issuer,
            tokenEndpoint: simulator.tokenEndpoint,
            selfService: {
              baseUrl: simulator.selfServiceBaseUrl,
              backoffMs: 1,
              ...selfService,
            },
          },
        },
      },
    });
    return DigdirSelfServiceClient.fromConfig(config, { clock });
  }

  const withAdminToken = (extra: JsonObject = {}) =>
    clientFor({ auth: { adminToken: ADMIN_TOKEN }, ...extra });
  const withAdminClient = (extra: JsonObject = {}) =>
    clientFor({
      auth: { clientId: 'admin-with-kid', privateKey: pem(admin.privateKey), keyId: 'admin-key' },
      ...extra,
    });

  const input = {
    clientName: 'Lønn service (test)',
    description: 'backstage:component:default/lonn-service:test',
    scopes: ['dfo:ansatte'],
  };
  const requestsTo = (path: string | RegExp, method?: string) =>
    simulator.requests.filter(
      r =>
        (typeof path === 'string' ? r.path === path : path.test(r.path)) &&
        (!method || r.method === method),
    );
  const clientsWith = (description: string) =>
    simulator.listClients().filter(c => c.description === description);

  describe('with the admin token', () => {
    it('creates a client once and finds it again', async () => {
      const client = withAdminToken();
      expect(client.isConfigured('test')).toBe(true);
      expect(client.isConfigured('prod')).toBe(false);

      const first = await client.ensureClient('test', input);
      expect(first).toEqual({
        created: true,
        client: {
          clientId: expect.any(String),
          clientName: input.clientName,
          description: input.description,
          scopes: ['dfo:ansatte'],
          active: true,
        },
      });
      const second = await client.ensureClient('test', input);
      expect(second).toEqual({ created: false, client: first.client });
      expect(clientsWith(input.description)).toHaveLength(1);

      // The body Digdir gets is the documented Maskinporten client.
      const stored = simulator.getClient(first.client.clientId)!;
      expect(stored).toMatchObject({
        integrationType: 'maskinporten',
        applicationType: 'web',
        tokenEndpointAuthMethod: 'private_key_jwt',
        grantTypes: ['urn:ietf:params:oauth:grant-type:jwt-bearer'],
      });

      expect(await client.getClient('test', first.client.clientId)).toEqual(first.client);
      expect(await client.getClient('test', 'no-such-client')).toBeUndefined();
      expect(await client.findClientByDescription('test', 'nobody')).toBeUndefined();
      expect(await client.getJwks('test', first.client.clientId)).toEqual([]);
    });

    it('registers, reads back and deletes a key set', async () => {
      const client = withAdminToken();
      const { client: created } = await client.ensureClient('test', input);
      const registered = await client.replaceJwks('test', created.clientId, keys.slice(0, 2));
      const exp = Math.floor(clock.now().getTime() / 1000) + 365 * 24 * 3600;
      expect(registered).toEqual([
        { ...keys[0], exp },
        { ...keys[1], exp },
      ]);
      expect(await client.getJwks('test', created.clientId)).toEqual(registered);

      simulator.clearRequests();
      expect(await client.replaceJwks('test', created.clientId, [])).toEqual([]);
      expect(simulator.requests.map(r => r.method)).toEqual(['DELETE']);
      expect(simulator.getClient(created.clientId)!.keys).toEqual([]);
    });

    it('renews a key set when the same set is posted again', async () => {
      const client = withAdminToken();
      const { client: created } = await client.ensureClient('test', input);
      const [before] = await client.replaceJwks('test', created.clientId, [keys[0]]);
      clock.advance(300 * DAY_MS);
      const [after] = await client.replaceJwks('test', created.clientId, [keys[0]]);
      expect(after.kid).toBe(keys[0].kid);
      expect(after.exp! - before.exp!).toBe(300 * 24 * 3600);
      expect(after.exp).toBe(Math.floor(clock.now().getTime() / 1000) + 365 * 24 * 3600);
    });

    it('refuses six keys before sending anything', async () => {
      const client = withAdminToken();
      const { client: created } = await client.ensureClient('test', input);
      simulator.clearRequests();
      const attempt = client.replaceJwks('test', created.clientId, keys);
      await expect(attempt).rejects.toBeInstanceOf(TooManyKeysError);
      await expect(attempt).rejects.toMatchObject({ statusCode: 409 });
      expect(simulator.requests).toEqual([]);
    });

    it('refuses private key members before sending anything', async () => {
      const client = withAdminToken();
      simulator.clearRequests();
      const withPrivate = { ...keys[0], d: 'secret-exponent' } as PublicJwk;
      await expect(client.replaceJwks('test', 'any', [withPrivate])).rejects.toThrow(
        /keys\[0\].*private member\(s\) d/,
      );
      expect(simulator.requests).toEqual([]);
    });

    it('reports a 4xx as DigdirRejectedError with Digdir\'s description', async () => {
      const client = withAdminToken();
      const attempt = client.ensureClient('test', { ...input, scopes: ['nav:secret'] });
      await expect(attempt).rejects.toBeInstanceOf(DigdirRejectedError);
      await expect(attempt).rejects.toMatchObject({
        statusCode: 502,
        message: expect.stringMatching(/HTTP 400 \(invalid_request: scopes: "nav:secret" is not in the scope catalogue\)/),
      });
      // A rejection is final: one POST, no retries.
      expect(requestsTo('/api/v1/clients', 'POST')).toHaveLength(1);
    });

    it('reports a wrong admin token as a rejection naming the config key, not the token', async () => {
      const client = clientFor({ auth: { adminToken: 'wrong-token-value' } });
      const attempt = client.findClientByDescription('test', 'x');
      await expect(attempt).rejects.toBeInstanceOf(DigdirRejectedError);
      const error = await attempt.catch(e => e);
      expect(error.message).toContain('selfService.auth.adminToken');
      expect(error.message).toContain('HTTP 401');
      expect(error.message).not.toContain('wrong-token-value');
    });
  });

  describe('faults', () => {
    it('retries 500 twice and then succeeds', async () => {
      const client = withAdminToken();
      const fault = simulator.faults.add({ method: 'GET', path: '/api/v1/clients', status: 500, times: 2 });
      expect(await client.findClientByDescription('test', 'nobody')).toBeUndefined();
      expect(fault.hits).toBe(2);
      expect(requestsTo('/api/v1/clients', 'GET').map(r => r.status)).toEqual([500, 500, 200]);
    });

    it('retries 429 too', async () => {
      const client = withAdminToken();
      simulator.faults.add({ path: '/api/v1/clients', status: 429, times: 1 });
      await expect(client.findClientByDescription('test', 'nobody')).resolves.toBeUndefined();
      expect(requestsTo('/api/v1/clients').map(r => r.status)).toEqual([429, 200]);
    });

    it('gives up after the retries with DigdirUnavailableError and leaves the key set alone', async () => {
      const client = withAdminToken({ retries: 2 });
      const { client: created } = await client.ensureClient('test', input);
      await client.replaceJwks('test', created.clientId, [keys[0]]);
      const before = simulator.getClient(created.clientId)!.keys;

      simulator.faults.add({ path: /\/jwks$/, method: 'POST', status: 500 });
      clock.advance(DAY_MS);
      const attempt = client.replaceJwks('test', created.clientId, [keys[0], keys[1]]);
      await expect(attempt).rejects.toBeInstanceOf(DigdirUnavailableError);
      const error = await attempt.catch(e => e);
      expect(error.statusCode).toBe(503);
      expect(error.message).toBe(
        `Digdir's self-service API at ${new URL(simulator.url).host} did not answer after 3 attempts: POST /clients/${created.clientId}/jwks answered HTTP 500 (server_error: injected fault (maskinporten simulator))`,
      );
      expect(error.message).not.toContain(ADMIN_TOKEN);
      expect(requestsTo(/\/jwks$/, 'POST').slice(-3).map(r => r.status)).toEqual([500, 500, 500]);
      expect(simulator.getClient(created.clientId)!.keys).toEqual(before);
    });

    it('gives up on a server that never answers', async () => {
      const client = withAdminToken({ timeoutMs: 150, retries: 1 });
      simulator.faults.add({ path: '/api/v1/clients', hang: true });
      const attempt = client.findClientByDescription('test', 'x');
      await expect(attempt).rejects.toBeInstanceOf(DigdirUnavailableError);
      await expect(attempt).rejects.toThrow(/after 2 attempts: GET \/clients gave no answer within 150 ms/);
      expect(requestsTo('/api/v1/clients').map(r => r.fault)).toEqual(['hang', 'hang']);
    });

    it('gives up on a server that sends headers and then stalls the body', async () => {
      // A separate server: the simulator always finishes its bodies.
      const server = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[');
      });
      await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      try {
        const client = clientFor({
          baseUrl: `http://127.0.0.1:${port}/api/v1`,
          auth: { adminToken: ADMIN_TOKEN },
          timeoutMs: 150,
          retries: 0,
        });
        await expect(client.findClientByDescription('test', 'x')).rejects.toThrow(
          /after 1 attempt: GET \/clients gave no answer within 150 ms/,
        );
      } finally {
        server.closeAllConnections();
        await new Promise(resolve => server.close(resolve));
      }
    });

    it('reports a closed port as unavailable', async () => {
      const client = withAdminToken({ retries: 1 });
      await simulator.close();
      await expect(client.findClientByDescription('test', 'x')).rejects.toThrow(
        /did not answer after 2 attempts: GET \/clients could not connect \(ECONNREFUSED\)/,
      );
      simulator = await MaskinportenSimulator.start({ port: 0, clock });
    });

    it('never makes a twin when the create response is lost (500 after creating)', async () => {
      const client = withAdminToken();
      simulator.faults.add({ method: 'POST', path: '/api/v1/clients', afterHandling: true, times: 1 });
      const result = await client.ensureClient('test', input);
      expect(result.created).toBe(true);
      expect(clientsWith(input.description)).toEqual([
        expect.objectContaining({ clientId: result.client.clientId }),
      ]);
      // The lost POST, then a lookup that found the client, and no second POST.
      expect(requestsTo('/api/v1/clients').map(r => `${r.method} ${r.status}`)).toEqual([
        'GET 200',
        'POST 500',
        'GET 200',
      ]);
    });

    it('never makes a twin when the create response never comes', async () => {
      const client = withAdminToken({ timeoutMs: 150 });
      simulator.faults.add({
        method: 'POST',
        path: '/api/v1/clients',
        afterHandling: true,
        hang: true,
        times: 1,
      });
      const result = await client.ensureClient('test', input);
      expect(result.created).toBe(true);
      expect(clientsWith(input.description)).toHaveLength(1);
      expect(requestsTo('/api/v1/clients', 'POST')).toEqual([
        expect.objectContaining({ fault: 'lost-hang' }),
      ]);
    });

    it('posts again when the failed create did not happen', async () => {
      const client = withAdminToken();
      simulator.faults.add({ method: 'POST', path: '/api/v1/clients', status: 503, times: 1 });
      const result = await client.ensureClient('test', input);
      expect(result.created).toBe(true);
      expect(clientsWith(input.description)).toHaveLength(1);
      expect(requestsTo('/api/v1/clients').map(r => `${r.method} ${r.status}`)).toEqual([
        'GET 200',
        'POST 503',
        'GET 200',
        'POST 201',
      ]);
    });
  });

  describe('with an admin client signing with x5c (the enterprise certificate)', () => {
    let ca: TestCertificate;
    let leaf: TestCertificate;

    beforeAll(() => {
      ca = createTestCertificate({ commonName: 'Test CA', ca: true, days: 3650 });
      leaf = createTestCertificate({ commonName: 'Test enterprise', issuer: ca, days: 365 });
    });

    beforeEach(async () => {
      // Certificates are valid from the wall clock's now: a simulator whose clock starts there.
      await simulator.close();
      clock = new ManualClock(new Date(Math.floor(Date.now() / 1000) * 1000));
      simulator = await MaskinportenSimulator.start({
        port: 0,
        clock,
        scopes: ['dfo:ansatte', ...DCR_SCOPES],
        clients: [{ clientId: 'admin-with-cert', scopes: DCR_SCOPES, certificate: leaf.certificatePem }],
      });
    });

    const withCertificate = (chain: string[] = [leaf.certificateBase64Der, ca.certificateBase64Der]) =>
      clientFor({
        auth: { clientId: 'admin-with-cert', privateKey: leaf.privateKeyPem, certificateChain: chain },
      });

    it('gets a token with x5c and uses it for several calls', async () => {
      const client = withCertificate();
      const { client: created } = await client.ensureClient('test', input);
      const [registered] = await client.replaceJwks('test', created.clientId, [keys[0]]);
      expect(registered.exp).toBeGreaterThan(clock.now().getTime() / 1000);
      expect(await client.ensureClient('test', input)).toMatchObject({ created: false });
      expect(requestsTo('/token')).toHaveLength(1);
    });

    it('fetches a new token once on 401', async () => {
      const client = withCertificate();
      await client.findClientByDescription('test', 'x');
      simulator.faults.add({ path: '/api/v1/clients', status: 401, times: 1 });
      await client.findClientByDescription('test', 'x');
      expect(requestsTo('/token').map(r => r.status)).toEqual([200, 200]);
    });

    it('is refused when the configured certificate is not the client\'s (MP-120)', async () => {
      const other = createTestCertificate({ commonName: 'Another organisation', days: 30 });
      const client = clientFor({
        auth: {
          clientId: 'admin-with-cert',
          privateKey: other.privateKeyPem,
          certificateChain: [other.certificateBase64Der],
        },
      });
      const error = await client.findClientByDescription('test', 'x').catch(e => e);
      expect(error).toBeInstanceOf(DigdirRejectedError);
      expect(error.message).toMatch(/invalid_grant: Invalid certificate.*MP-120/);
      expect(error.message).not.toContain(other.privateKeyPem.split('\n')[1]);
    });
  });

  describe('with an admin client signing with kid', () => {
    it('gets one token from the same environment and reuses it', async () => {
      const client = withAdminClient();
      const { client: created } = await client.ensureClient('test', input);
      await client.replaceJwks('test', created.clientId, [keys[0]]);
      await client.getJwks('test', created.clientId);
      await client.getClient('test', created.clientId);
      expect(requestsTo('/token')).toHaveLength(1);
      expect(requestsTo(/^\/api\/v1\//).every(r => r.status! < 300)).toBe(true);

      // Shortly before expires_in (120 s) a new one is fetched.
      clock.advance(100_000);
      await client.getClient('test', created.clientId);
      expect(requestsTo('/token')).toHaveLength(2);
    });

    it('fetches a new token once on 401', async () => {
      const client = withAdminClient();
      await client.findClientByDescription('test', 'x');
      simulator.faults.add({ path: '/api/v1/clients', status: 401, times: 1 });
      await expect(client.findClientByDescription('test', 'x')).resolves.toBeUndefined();
      expect(requestsTo('/token')).toHaveLength(2);
      expect(requestsTo('/api/v1/clients').map(r => r.status)).toEqual([200, 401, 200]);
    });

    it('gives up when a fresh token is refused too', async () => {
      const client = withAdminClient();
      simulator.faults.add({ path: '/api/v1/clients', status: 401 });
      const attempt = client.findClientByDescription('test', 'x');
      await expect(attempt).rejects.toBeInstanceOf(DigdirRejectedError);
      await expect(attempt).rejects.toThrow(/admin client admin-with-kid's access token .* HTTP 401 \(invalid_token/);
      expect(requestsTo('/token')).toHaveLength(2);
      expect(requestsTo('/api/v1/clients')).toHaveLength(2);
    });

    it('reports a refused grant with its MP code and without the key', async () => {
      const other = rsaKey();
      const client = clientFor({
        auth: { clientId: 'admin-with-kid', privateKey: pem(other.privateKey), keyId: 'admin-key' },
      });
      const error = await client.findClientByDescription('test', 'x').catch(e => e);
      expect(error).toBeInstanceOf(DigdirRejectedError);
      expect(error.message).toMatch(/refused the self-service admin client admin-with-kid .*invalid_grant.*MP-124/);
      expect(error.message).not.toMatch(/PRIVATE KEY/);
      expect(requestsTo(/^\/api\/v1\//)).toEqual([]);
    });

    it('retries a rate-limited token endpoint', async () => {
      const client = withAdminClient();
      simulator.faults.add({ path: '/token', status: 429, times: 1 });
      await expect(client.findClientByDescription('test', 'x')).resolves.toBeUndefined();
      expect(requestsTo('/token').map(r => r.status)).toEqual([429, 200]);
    });

    it('retries a failing token endpoint like the API itself', async () => {
      const client = withAdminClient({ retries: 1 });
      simulator.faults.add({ path: '/token', status: 502 });
      await expect(client.findClientByDescription('test', 'x')).rejects.toThrow(
        /did not answer after 2 attempts: the token endpoint at .*: The token endpoint answered HTTP 502/,
      );
      expect(requestsTo('/token')).toHaveLength(2);
    });
  });
});
