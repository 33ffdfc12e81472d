import type { ManualClock } from '../clock';
import type { MaskinportenSimulator } from '../server';
import {
  accessTokenFor,
  callApi,
  createTestKey,
  expectDigdirError,
  startTestSimulator,
  TestKey,
} from '../testing/harness';

const ME = '991825827';

/*
 * The scope side of the self-service API: "API for administrasjon av APIer / scopes"
 * (https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin_maskinporten), with the fields
 * of digdirator's ScopeRegistration and ConsumerRegistration (nais/digdirator
 * pkg/digdir/types/types.go) and the query parameters Altinn Studio sends
 * (Altinn/altinn-studio MaskinPortenHttpClient.cs).
 */
describe('self-service API: scopes', () => {
  let simulator: MaskinportenSimulator;
  let clock: ManualClock;
  let key: TestKey;

  beforeAll(async () => {
    key = await createTestKey('scopes-key');
  });

  beforeEach(async () => {
    ({ simulator, clock } = await startTestSimulator({
      orgNumber: ME,
      ownedPrefixes: ['me'],
      scopes: [
        { name: 'dfo:ansatte', description: 'Ansatte', consumers: [ME] },
        { name: 'open:data', accessibleForAll: true },
        { name: 'web:login', allowedIntegrationTypes: ['idporten'], consumers: [ME] },
        { name: 'secret:api', visibility: 'PRIVATE', consumers: [ME] },
        { name: 'old:api', active: false },
        'idporten:dcr.read',
        'idporten:scopes.write',
      ],
    }));
  });

  afterEach(async () => {
    await simulator.close();
  });

  const names = (body: Array<{ name?: string; scope?: string }>) => body.map(s => s.name ?? s.scope).sort();

  describe('GET /scopes/all', () => {
    it('is open ("Åpent endepunkt"), lists public active scopes with their documented fields', async () => {
      const res = await callApi(simulator, 'GET', '/scopes/all', undefined, null);
      expect(res.status).toBe(200);
      expect(names(res.body)).toEqual(['dfo:ansatte', 'idporten:dcr.read', 'idporten:scopes.write', 'open:data', 'web:login']);
      expect(res.body.find((s: any) => s.name === 'dfo:ansatte')).toEqual({
        name: 'dfo:ansatte',
        prefix: 'dfo',
        subscope: 'ansatte',
        description: 'Ansatte',
        owner_orgno: '889640782',
        visibility: 'PUBLIC',
        accessible_for_all: false,
        allowed_integration_types: ['maskinporten'],
        active: true,
        requires_user_consent: false,
        requires_user_authentication: false,
        requires_pseudonymous_tokens: false,
        token_type: 'SELF_CONTAINED',
        created: clock.now().toISOString(),
        last_updated: clock.now().toISOString(),
      });
    });

    it('honours accessible_for_all, integration_type and inactive', async () => {
      const query = async (q: string) => names((await callApi(simulator, 'GET', `/scopes/all?${q}`)).body);
      expect(await query('accessible_for_all=true&integration_type=maskinporten&inactive=false')).toEqual(['open:data']);
      expect(await query('integration_type=idporten')).toEqual(['web:login']);
      expect(await query('inactive=true')).toContain('old:api');
      expectDigdirError(await callApi(simulator, 'GET', '/scopes/all?accessible_for_all=perhaps'), 400, { field: 'accessible_for_all' });
    });
  });

  describe('GET /scopes/access/all', () => {
    it("lists the organisation's grants with their documented fields, filtered by integration_type", async () => {
      const res = await callApi(simulator, 'GET', '/scopes/access/all');
      expect(names(res.body)).toEqual(['dfo:ansatte', 'idporten:dcr.read', 'idporten:scopes.write', 'secret:api', 'web:login']);
      expect(res.body.find((a: any) => a.scope === 'dfo:ansatte')).toEqual({
        scope: 'dfo:ansatte',
        state: 'APPROVED',
        prefix: null,
        created: clock.now().toISOString(),
        consumer_orgno: ME,
        last_updated: clock.now().toISOString(),
        owner_orgno: '889640782',
      });
      const maskinporten = await callApi(simulator, 'GET', '/scopes/access/all?integration_type=maskinporten&inactive=false');
      expect(names(maskinporten.body)).not.toContain('web:login');
      expectDigdirError(await callApi(simulator, 'GET', '/scopes/access/all', undefined, null), 401);
    });
  });

  describe('API provider (idporten:scopes.write)', () => {
    let provider: string;

    beforeEach(async () => {
      provider = await accessTokenFor(simulator, clock, key, ['idporten:scopes.write']);
    });

    const asProvider = (method: string, path: string, body?: unknown) => callApi(simulator, method, path, body, provider);

    it('creates a scope under an owned prefix, lists, reads, changes and deactivates it', async () => {
      const created = await asProvider('POST', '/scopes', {
        prefix: 'me',
        subscope: 'lonn/v1',
        description: 'Lønn',
        visibility: 'PRIVATE',
        at_max_age: 300,
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'me:lonn/v1', owner_orgno: ME, visibility: 'PRIVATE', at_max_age: 300, active: true });
      expect(names((await asProvider('GET', '/scopes')).body)).toEqual(['me:lonn/v1']);
      // "Vi har valgt å legge scope som query-parameter": names may hold "/".
      expect((await asProvider('GET', '/scopes?scope=me%3Alonn%2Fv1')).body.description).toBe('Lønn');

      const changed = await asProvider('PUT', '/scopes?scope=me:lonn/v1', { description: 'Lønn v1', accessible_for_all: true });
      expect(changed.body).toMatchObject({ description: 'Lønn v1', accessible_for_all: true });
      expectDigdirError(await asProvider('PUT', '/scopes?scope=me:lonn/v1', { subscope: 'other' }), 400, { field: 'subscope' });

      expect((await asProvider('DELETE', '/scopes?scope=me:lonn/v1')).body.active).toBe(false);
      expect((await asProvider('GET', '/scopes')).body).toEqual([]);
      expect(names((await asProvider('GET', '/scopes?inactive=true')).body)).toEqual(['me:lonn/v1']);
      // "Deaktiverte entiteter vil ikke reaktiveres ved POST og man får 409 Conflict isteden."
      expectDigdirError(await asProvider('POST', '/scopes', { prefix: 'me', subscope: 'lonn/v1' }), 409);
    });

    it('grants, lists and withdraws access to its scope', async () => {
      await asProvider('POST', '/scopes', { prefix: 'me', subscope: 'api' });
      const granted = await asProvider('PUT', '/scopes/access/889640782?scope=me:api');
      expect(granted.body).toMatchObject({ scope: 'me:api', consumer_orgno: '889640782', owner_orgno: ME, state: 'APPROVED' });
      expect((await asProvider('GET', '/scopes/access?scope=me:api')).body).toHaveLength(1);
      const withdrawn = await asProvider('DELETE', '/scopes/access/889640782?scope=me:api');
      expect(withdrawn.body.state).toBe('DENIED');
      expect((await asProvider('GET', '/scopes/access?scope=me:api')).body).toEqual([]);
      expect((await asProvider('GET', '/scopes/access?scope=me:api&inactive=true')).body).toHaveLength(1);
      expectDigdirError(await asProvider('PUT', '/scopes/access/12345?scope=me:api'), 400, { field: 'consumer_orgno' });
    });

    it('refuses prefixes it does not own, scopes of others, bad names, and callers without the scope', async () => {
      expectDigdirError(await asProvider('POST', '/scopes', { prefix: 'dfo', subscope: 'x' }), 400, { field: 'prefix' });
      expectDigdirError(await asProvider('POST', '/scopes', { prefix: 'me', subscope: 'has space' }), 400, { field: 'subscope' });
      expectDigdirError(await asProvider('GET', '/scopes?scope=dfo:ansatte'), 404);
      expectDigdirError(await asProvider('PUT', '/scopes/access/889640782?scope=dfo:ansatte'), 404);
      expectDigdirError(await asProvider('GET', '/scopes/access'), 400, { field: 'scope' });
      const reader = await accessTokenFor(simulator, clock, { ...key, kid: 'reader', publicJwk: { ...key.publicJwk, kid: 'reader' } }, ['idporten:dcr.read']);
      expectDigdirError(await callApi(simulator, 'POST', '/scopes', { prefix: 'me', subscope: 'x' }, reader), 403, {
        message: /idporten:scopes\.write/,
      });
    });
  });
});
