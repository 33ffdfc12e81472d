import { generateKeyPairSync } from 'node:crypto';
import type { ManualClock } from '../clock';
import type { MaskinportenSimulator } from '../server';
import {
  callApi,
  clientBody,
  createClientWithKeys,
  createTestKey,
  nowSeconds,
  requestToken,
  signGrant,
  startTestSimulator,
  TestKey,
  withKid,
} from '../testing/harness';

const YEAR_SECONDS = 365 * 24 * 60 * 60;

describe('self-service API', () => {
  let simulator: MaskinportenSimulator;
  let clock: ManualClock;
  let keys: TestKey[];
  let clientId: string;

  beforeAll(async () => {
    const base = await createTestKey('key-0');
    const other = await createTestKey('key-x');
    // Six distinct kids over two key pairs are enough to exercise the set rules.
    keys = [0, 1, 2, 3, 4, 5].map(i => withKid(i % 2 ? other : base, `key-${i}`));
  });

  beforeEach(async () => {
    ({ simulator, clock } = await startTestSimulator({
      scopes: ['test:read', 'test:write', 'idporten:dcr.read', 'idporten:dcr.write'],
    }));
    const created = await callApi(simulator, 'POST', '/clients', clientBody());
    clientId = created.body.client_id;
  });

  afterEach(async () => {
    await simulator.close();
  });

  const postKeys = (body: unknown, id = clientId) =>
    callApi(simulator, 'POST', `/clients/${id}/jwks`, body);

  describe('authentication', () => {
    it('requires a bearer token (401 invalid_token)', async () => {
      const none = await callApi(simulator, 'GET', '/clients', undefined, null);
      expect(none.status).toBe(401);
      expect(none.body.error).toBe('invalid_token');
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);

      const wrong = await callApi(simulator, 'GET', '/clients', undefined, 'not-the-admin-token');
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toBe('invalid_token');
    });

    it('accepts simulator access tokens according to their idporten:dcr.* scopes', async () => {
      const adminKey = withKid(keys[0], 'admin-key');
      const adminClient = await createClientWithKeys(
        simulator,
        [adminKey],
        ['idporten:dcr.read', 'test:read'],
      );
      const tokenFor = async (scope: string) => {
        const res = await requestToken(
          simulator,
          await signGrant({ key: adminKey, simulator, clock, clientId: adminClient, scope }),
        );
        expect(res.status).toBe(200);
        return res.body.access_token as string;
      };

      const readToken = await tokenFor('idporten:dcr.read');
      expect((await callApi(simulator, 'GET', '/clients', undefined, readToken)).status).toBe(200);
      const write = await callApi(simulator, 'POST', '/clients', clientBody(), readToken);
      expect(write.status).toBe(403);
      expect(write.body.error).toBe('insufficient_scope');
      expect(write.body.error_description).toContain('idporten:dcr.write');

      const otherToken = await tokenFor('test:read');
      expect((await callApi(simulator, 'GET', '/clients', undefined, otherToken)).status).toBe(
        403,
      );

      // The token expires on the simulator's clock.
      clock.advance(121_000);
      expect((await callApi(simulator, 'GET', '/clients', undefined, readToken)).status).toBe(401);
    });

    it('allows writes with idporten:dcr.write', async () => {
      const adminKey = withKid(keys[1], 'writer-key');
      const adminClient = await createClientWithKeys(simulator, [adminKey], ['idporten:dcr.write']);
      const res = await requestToken(
        simulator,
        await signGrant({
          key: adminKey,
          simulator,
          clock,
          clientId: adminClient,
          scope: 'idporten:dcr.write',
        }),
      );
      const created = await callApi(
        simulator,
        'POST',
        '/clients',
        clientBody(),
        res.body.access_token,
      );
      expect(created.status).toBe(201);
    });
  });

  describe('clients', () => {
    it('creates a client with the server-side fields', async () => {
      const res = await callApi(simulator, 'POST', '/clients', clientBody({ scopes: ['test:write'] }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        client_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        client_orgno: '991825827',
        client_name: 'Test integration',
        description: 'Created by a test',
        integration_type: 'maskinporten',
        application_type: 'web',
        token_endpoint_auth_method: 'private_key_jwt',
        grant_types: ['urn:ietf:params:oauth:grant-type:jwt-bearer'],
        scopes: ['test:write'],
        active: true,
        created: clock.now().toISOString(),
        last_updated: clock.now().toISOString(),
        access_token_lifetime: 120,
        refresh_token_usage: 'ONETIME',
      });
      const read = await callApi(simulator, 'GET', `/clients/${res.body.client_id}`);
      expect(read.body).toEqual(res.body);
      const list = await callApi(simulator, 'GET', '/clients');
      expect(list.body.map((c: any) => c.client_id)).toEqual([clientId, res.body.client_id]);
    });

    it.each([
      ['client_name', { client_name: undefined }],
      ['description', { description: undefined }],
      ['integration_type', { integration_type: 'idporten' }],
      ['token_endpoint_auth_method', { token_endpoint_auth_method: 'client_secret_basic' }],
      ['grant_types', { grant_types: ['client_credentials'] }],
      ['scopes', { scopes: 'test:read' }],
      ['application_type', { application_type: 'native' }],
      ['access_token_lifetime', { access_token_lifetime: -1 }],
    ])('rejects a client with an invalid %s (400, names the field)', async (field, overrides) => {
      const res = await callApi(simulator, 'POST', '/clients', clientBody(overrides));
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
      expect(res.body.error_description).toContain(field);
    });

    it('rejects scopes outside the catalogue', async () => {
      const res = await callApi(
        simulator,
        'POST',
        '/clients',
        clientBody({ scopes: ['test:read', 'nav:secret'] }),
      );
      expect(res.status).toBe(400);
      expect(res.body.error_description).toMatch(/scopes.*"nav:secret"/);
    });

    it('rejects malformed JSON', async () => {
      const res = await fetch(`${simulator.selfServiceBaseUrl}/clients`, {
        method: 'POST',
        headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' },
        body: '{"integration_type":',
      });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toBe('invalid_request');
    });

    it('updates a whole client with PUT but never its integration_type', async () => {
      clock.advance(60_000);
      const updated = await callApi(
        simulator,
        'PUT',
        `/clients/${clientId}`,
        clientBody({ client_name: 'Renamed', scopes: ['test:read', 'test:write'] }),
      );
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({
        client_id: clientId,
        client_name: 'Renamed',
        scopes: ['test:read', 'test:write'],
        last_updated: clock.now().toISOString(),
      });
      expect(updated.body.created).not.toBe(updated.body.last_updated);

      const changed = await callApi(
        simulator,
        'PUT',
        `/clients/${clientId}`,
        clientBody({ integration_type: 'idporten' }),
      );
      expect(changed.status).toBe(400);
      expect(changed.body.error_description).toMatch(/integration_type cannot be changed/);
    });

    it('answers 404 for unknown clients', async () => {
      const requests: Array<[string, string, unknown]> = [
        ['GET', '/clients/nope', undefined],
        ['PUT', '/clients/nope', clientBody()],
        ['DELETE', '/clients/nope', undefined],
        ['GET', '/clients/nope/jwks', undefined],
        ['POST', '/clients/nope/jwks', { keys: [keys[0].publicJwk] }],
      ];
      for (const [method, path, body] of requests) {
        const res = await callApi(simulator, method, path, body);
        expect([method, path, res.status]).toEqual([method, path, 404]);
      }
    });

    it('deactivates a client with DELETE', async () => {
      const res = await callApi(simulator, 'DELETE', `/clients/${clientId}`);
      expect(res.status).toBe(200);
      expect(res.body.active).toBe(false);
      expect((await callApi(simulator, 'GET', `/clients/${clientId}`)).body.active).toBe(false);
      expect((await postKeys({ keys: [keys[0].publicJwk] })).status).toBe(400);
    });
  });

  describe('jwks', () => {
    it('registers keys with exp one year ahead and returns them', async () => {
      const res = await postKeys({ keys: [keys[0].publicJwk, keys[1].publicJwk] });
      expect(res.status).toBe(200);
      const exp = nowSeconds(clock) + YEAR_SECONDS;
      expect(res.body).toEqual({
        keys: [
          { ...keys[0].publicJwk, exp },
          { ...keys[1].publicJwk, exp },
        ],
        created: clock.now().toISOString(),
        last_updated: clock.now().toISOString(),
      });
      expect((await callApi(simulator, 'GET', `/clients/${clientId}/jwks`)).body).toEqual(
        res.body,
      );
    });

    it('rejects a sixth key and leaves the previous set intact', async () => {
      await postKeys({ keys: [keys[0].publicJwk] });
      const res = await postKeys({ keys: keys.map(k => k.publicJwk) });
      expect(res.status).toBe(400);
      expect(res.body.error_description).toMatch(/at most 5 keys/);
      const current = await callApi(simulator, 'GET', `/clients/${clientId}/jwks`);
      expect(current.body.keys.map((k: any) => k.kid)).toEqual(['key-0']);
    });

    it('accepts exactly five keys', async () => {
      const res = await postKeys({ keys: keys.slice(0, 5).map(k => k.publicJwk) });
      expect(res.status).toBe(200);
      expect(res.body.keys).toHaveLength(5);
    });

    it('replaces the whole set', async () => {
      await postKeys({ keys: [keys[0].publicJwk] });
      const res = await postKeys({ keys: [keys[1].publicJwk] });
      expect(res.body.keys.map((k: any) => k.kid)).toEqual(['key-1']);
    });

    it('removes all keys with DELETE', async () => {
      await postKeys({ keys: [keys[0].publicJwk] });
      const res = await callApi(simulator, 'DELETE', `/clients/${clientId}/jwks`);
      expect(res.status).toBe(200);
      expect(res.body.keys).toEqual([]);
      expect((await callApi(simulator, 'GET', `/clients/${clientId}/jwks`)).body.keys).toEqual(
        [],
      );
    });

    const without = (member: string) => {
      const jwk: Record<string, unknown> = { ...keys[0].publicJwk };
      delete jwk[member];
      return jwk;
    };

    it.each(['use', 'kty', 'alg', 'kid', 'e', 'n'])('rejects a key without %s', async member => {
      const res = await postKeys({ keys: [without(member)] });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
      expect(res.body.error_description).toMatch(new RegExp(`\\b${member} is required`));
    });

    it.each([
      ['use', 'enc'],
      ['kty', 'EC'],
      ['alg', 'ES256'],
      ['alg', 'PS256'],
      ['kid', 'has space'],
      ['kid', 'slash/kid'],
    ])('rejects %s = %p', async (member, value) => {
      const res = await postKeys({ keys: [{ ...keys[0].publicJwk, [member]: value }] });
      expect(res.status).toBe(400);
      expect(res.body.error_description).toContain(member);
    });

    it('never accepts private key members', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const privateJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'priv', alg: 'RS256', use: 'sig' };
      const res = await postKeys({ keys: [privateJwk] });
      expect(res.status).toBe(400);
      expect(res.body.error_description).toMatch(/private key member\(s\) d, p, q, dp, dq, qi/);
      expect(JSON.stringify(res.body)).not.toContain(privateJwk.d);

      const onlyD = await postKeys({ keys: [{ ...keys[0].publicJwk, d: 'AQAB' }] });
      expect(onlyD.status).toBe(400);
    });

    it('rejects moduli below 2048 bits and garbage moduli', async () => {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
      const small = { ...publicKey.export({ format: 'jwk' }), kid: 'small', alg: 'RS256', use: 'sig' };
      const res = await postKeys({ keys: [small] });
      expect(res.status).toBe(400);
      expect(res.body.error_description).toMatch(/1024-bit.*2048/);

      const garbage = await postKeys({ keys: [{ ...keys[0].publicJwk, n: 'AQAB' }] });
      expect(garbage.status).toBe(400);
      expect(garbage.body.error_description).toMatch(/\bn\b/);
    });

    it('rejects duplicate kids within the set and kids registered on another client', async () => {
      const dup = await postKeys({ keys: [keys[0].publicJwk, withKid(keys[2], 'key-0').publicJwk] });
      expect(dup.status).toBe(400);
      expect(dup.body.error_description).toMatch(/"key-0".*more than once/);

      await postKeys({ keys: [keys[0].publicJwk] });
      const other = await callApi(simulator, 'POST', '/clients', clientBody());
      const clash = await postKeys({ keys: [keys[0].publicJwk] }, other.body.client_id);
      expect(clash.status).toBe(400);
      expect(clash.body.error_description).toMatch(/globally unique/);
    });

    it('rejects an empty set, a missing keys member and a bare array', async () => {
      expect((await postKeys({ keys: [] })).body.error_description).toMatch(/DELETE/);
      expect((await postKeys({})).body.error_description).toMatch(/keys is required/);
      const bare = await postKeys([keys[0].publicJwk]);
      expect(bare.status).toBe(400);
      expect(bare.body.error_description).toMatch(/\{"keys"/);
    });
  });

  describe('scopes', () => {
    it('lists the catalogue and the organisation access', async () => {
      const all = await callApi(simulator, 'GET', '/scopes/all');
      expect(all.status).toBe(200);
      expect(all.body.map((s: any) => s.name)).toEqual([
        'test:read',
        'test:write',
        'idporten:dcr.read',
        'idporten:dcr.write',
      ]);
      expect(all.body[0]).toMatchObject({ prefix: 'test', subscope: 'read', active: true });

      const access = await callApi(simulator, 'GET', '/scopes/access/all');
      expect(access.body[0]).toEqual({
        scope: 'test:read',
        state: 'APPROVED',
        consumer_orgno: '991825827',
      });
    });
  });
});
