import type { ManualClock } from '../clock';
import type { MaskinportenSimulator } from '../server';
import {
  accessTokenFor,
  callApi,
  clientBody,
  createTestKey,
  expectDigdirError,
  startTestSimulator,
  TestKey,
  withKid,
} from '../testing/harness';

describe('self-service API: clients', () => {
  let simulator: MaskinportenSimulator;
  let clock: ManualClock;
  let key: TestKey;
  let clientId: string;

  beforeAll(async () => {
    key = await createTestKey('admin-key');
  });

  beforeEach(async () => {
    ({ simulator, clock } = await startTestSimulator({
      scopes: [
        'test:read',
        'test:write',
        'idporten:dcr.read',
        'idporten:dcr.write',
        'idporten:dcr.modify',
      ],
    }));
    clientId = (await callApi(simulator, 'POST', '/clients', clientBody())).body.client_id;
  });

  afterEach(async () => {
    await simulator.close();
  });

  describe('authentication and the dcr scope split', () => {
    it('requires a bearer token (401 invalid_token, Digdir error shape, bearer challenge)', async () => {
      const none = await callApi(simulator, 'GET', '/clients', undefined, null);
      expectDigdirError(none, 401);
      expect(none.body.error).toBe('invalid_token');
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      expectDigdirError(await callApi(simulator, 'GET', '/clients', undefined, 'not-the-admin-token'), 401);
    });

    it('reads with idporten:dcr.read only, and the token expires on the simulator clock', async () => {
      const read = await accessTokenFor(simulator, clock, key, ['idporten:dcr.read']);
      expect((await callApi(simulator, 'GET', '/clients', undefined, read)).status).toBe(200);
      const write = await callApi(simulator, 'POST', '/clients', clientBody(), read);
      expectDigdirError(write, 403, { message: /idporten:dcr\.write/ });
      expect(write.body.error).toBe('insufficient_scope');
      clock.advance(121_000);
      expect((await callApi(simulator, 'GET', '/clients', undefined, read)).status).toBe(401);
    });

    // oidc_api_admin: dcr.modify "Gir tilgang til å endre klientregistreringer", dcr.write
    // "Gir tilgang til å opprette nye klientregistreringer".
    it('creates with idporten:dcr.write, never with idporten:dcr.modify alone, which may change', async () => {
      const modify = await accessTokenFor(simulator, clock, key, ['idporten:dcr.modify']);
      expectDigdirError(await callApi(simulator, 'POST', '/clients', clientBody(), modify), 403);
      const put = await callApi(simulator, 'PUT', `/clients/${clientId}`, clientBody({ client_name: 'x' }), modify);
      expect(put.status).toBe(200);
      expect((await callApi(simulator, 'DELETE', `/clients/${clientId}/jwks`, undefined, modify)).status).toBe(200);
      expectDigdirError(await callApi(simulator, 'GET', '/clients', undefined, modify), 403);
    });

    // digdirator runs with "idporten:dcr.write idporten:dcr.read idporten:scopes.write"
    // (nais/digdirator charts/values.yaml) and updates clients and keys; okdata-maskinporten-api
    // posts keys and deletes clients with dcr.write alone (maskinporten_client.py).
    it('changes clients and keys with idporten:dcr.write, as digdirator and okdata do', async () => {
      const write = await accessTokenFor(simulator, clock, withKid(key, 'writer'), ['idporten:dcr.write']);
      expect((await callApi(simulator, 'POST', '/clients', clientBody(), write)).status).toBe(201);
      expect((await callApi(simulator, 'PUT', `/clients/${clientId}`, clientBody(), write)).status).toBe(200);
      const other = await createTestKey('other-key');
      const jwks = await callApi(simulator, 'POST', `/clients/${clientId}/jwks`, { keys: [other.publicJwk] }, write);
      expect(jwks.status).toBe(200);
      expect((await callApi(simulator, 'DELETE', `/clients/${clientId}`, undefined, write)).status).toBe(200);
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
        authorization_lifetime: 0,
        refresh_token_lifetime: 0,
        refresh_token_usage: 'ONETIME',
        sso_disabled: false,
      });
      expect((await callApi(simulator, 'GET', `/clients/${res.body.client_id}`)).body).toEqual(res.body);
      const list = await callApi(simulator, 'GET', '/clients');
      expect(list.body.map((c: any) => c.client_id)).toEqual([clientId, res.body.client_id]);
    });

    // digdirator's ClientRegistration carries client_uri, the lifetimes and sso_disabled
    // (nais/digdirator pkg/digdir/types/types.go); okdata posts client_uri and sso_disabled.
    it('keeps client_uri, the posted lifetimes and sso_disabled through POST, GET and PUT', async () => {
      const fields = {
        client_uri: 'https://lonn.example.no/',
        access_token_lifetime: 300,
        authorization_lifetime: 3600,
        refresh_token_lifetime: 7200,
        sso_disabled: true,
      };
      const created = await callApi(simulator, 'POST', '/clients', clientBody(fields));
      expect(created.body).toMatchObject(fields);
      const id = created.body.client_id;
      expect((await callApi(simulator, 'GET', `/clients/${id}`)).body).toMatchObject(fields);
      const changed = { ...fields, client_uri: 'https://other.example.no/', sso_disabled: false, access_token_lifetime: 60 };
      expect((await callApi(simulator, 'PUT', `/clients/${id}`, clientBody(changed))).body).toMatchObject(changed);
      expect((await callApi(simulator, 'GET', '/clients')).body.find((c: any) => c.client_id === id)).toMatchObject(changed);
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
      ['authorization_lifetime', { authorization_lifetime: 1.5 }],
      ['refresh_token_lifetime', { refresh_token_lifetime: -5 }],
      ['client_uri', { client_uri: 'ftp://files.example.no/' }],
      ['sso_disabled', { sso_disabled: 'yes' }],
    ])('rejects a client with an invalid %s (400 naming the field as fieldIdentifier)', async (field, overrides) => {
      const res = await callApi(simulator, 'POST', '/clients', clientBody(overrides));
      expectDigdirError(res, 400, { field, message: new RegExp(field) });
      expect(res.body.errors[0].objectName).toBe('Client');
    });

    it('rejects scopes outside the catalogue', async () => {
      const res = await callApi(simulator, 'POST', '/clients', clientBody({ scopes: ['test:read', 'nav:secret'] }));
      expectDigdirError(res, 400, { field: 'scopes', message: /"nav:secret"/ });
    });

    it('rejects malformed JSON', async () => {
      const res = await fetch(`${simulator.selfServiceBaseUrl}/clients`, {
        method: 'POST',
        headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' },
        body: '{"integration_type":',
      });
      expectDigdirError({ status: res.status, body: await res.json(), headers: res.headers }, 400, { field: 'body' });
    });

    it('updates a whole client with PUT but never its integration_type', async () => {
      clock.advance(60_000);
      const updated = await callApi(
        simulator,
        'PUT',
        `/clients/${clientId}`,
        clientBody({ client_name: 'Renamed', scopes: ['test:read', 'test:write'] }),
      );
      expect(updated.body).toMatchObject({
        client_id: clientId,
        client_name: 'Renamed',
        scopes: ['test:read', 'test:write'],
        last_updated: clock.now().toISOString(),
      });
      expect(updated.body.created).not.toBe(updated.body.last_updated);
      const changed = await callApi(simulator, 'PUT', `/clients/${clientId}`, clientBody({ integration_type: 'idporten' }));
      expectDigdirError(changed, 400, { field: 'integration_type', message: /cannot be changed/ });
    });

    it('answers 404 for unknown clients, in Digdir error shape', async () => {
      const key0 = await createTestKey('key-404');
      for (const [method, path, body] of [
        ['GET', '/clients/nope', undefined],
        ['PUT', '/clients/nope', clientBody()],
        ['DELETE', '/clients/nope', undefined],
        ['GET', '/clients/nope/jwks', undefined],
        ['POST', '/clients/nope/jwks', { keys: [key0.publicJwk] }],
        ['PUT', '/clients/nope/jwks', { keys: [key0.publicJwk] }],
      ] as Array<[string, string, unknown]>) {
        expectDigdirError(await callApi(simulator, method, path, body), 404);
      }
      expectDigdirError(await callApi(simulator, 'GET', '/no-such-route'), 404);
    });
  });

  describe('deactivation', () => {
    // "Digitaliseringsdirektoratet [vil] aldri slette scopes og tilganger (eller integrasjoner),
    // men heller deaktivere disse ved DELETE-kall. Deaktiverte entiteter vil ikke komme opp i
    // GET utlistinger som default, men kan hentes ved å sette inactive=TRUE som query parameter."
    // (https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin_maskinporten, "Inaktive entiteter")
    it('hides a deactivated client from GET /clients unless inactive=true is asked', async () => {
      const res = await callApi(simulator, 'DELETE', `/clients/${clientId}`);
      expect(res.body.active).toBe(false);
      expect((await callApi(simulator, 'GET', '/clients')).body).toEqual([]);
      for (const value of ['true', 'TRUE']) {
        const all = await callApi(simulator, 'GET', `/clients?inactive=${value}`);
        expect(all.body.map((c: any) => [c.client_id, c.active])).toEqual([[clientId, false]]);
      }
      expect((await callApi(simulator, 'GET', '/clients?inactive=false')).body).toEqual([]);
      expectDigdirError(await callApi(simulator, 'GET', '/clients?inactive=maybe'), 400, { field: 'inactive' });
      // Reading it by id still works; changing it does not.
      expect((await callApi(simulator, 'GET', `/clients/${clientId}`)).body.active).toBe(false);
      const key0 = await createTestKey('key-deactivated');
      expectDigdirError(await callApi(simulator, 'POST', `/clients/${clientId}/jwks`, { keys: [key0.publicJwk] }), 400);
    });
  });

  it('repeats every error message in error and error_description, joined as Digdir does', async () => {
    const res = await callApi(simulator, 'POST', '/clients', clientBody({ description: undefined }));
    expect(res.body.error).toBe(', description is required');
    expect(res.body.error_description).toBe(', description is required');
    expect(res.body.timestamp).toBe(clock.now().toISOString());
  });
});
