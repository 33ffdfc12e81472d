import type { ManualClock } from '../clock';
import type { MaskinportenSimulator } from '../server';
import {
  accessTokenFor,
  callApi,
  clientBody,
  createClientWithKeys,
  createTestKey,
  expectTokenError,
  requestToken,
  signGrant,
  startTestSimulator,
  TestKey,
  withKid,
} from '../testing/harness';

const ME = '991825827';

/*
 * Has the organisation been granted the scope? Checked at token time with the codes of
 * "Feilsøking i Maskinporten" (https://docs.digdir.no/docs/Maskinporten/maskinporten_feilsoking):
 * MP-250 no access, MP-201 a scope whose allowed_integration_types lack maskinporten, and
 * access granted and withdrawn by the API provider through the self-service API
 * ("Tilgangsstyring", https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin_maskinporten).
 */
describe('scope access at token time', () => {
  let simulator: MaskinportenSimulator;
  let clock: ManualClock;
  let key: TestKey;

  beforeAll(async () => {
    key = await createTestKey('consumer-key');
  });

  beforeEach(async () => {
    ({ simulator, clock } = await startTestSimulator({
      orgNumber: ME,
      ownedPrefixes: ['me'],
      scopes: [
        'granted:read',
        { name: 'open:read', accessibleForAll: true },
        { name: 'other:read', consumers: ['910000001'] },
        { name: 'web:login', consumers: [ME], allowedIntegrationTypes: ['idporten'] },
        'idporten:scopes.write',
      ],
      clients: [{ clientId: 'consumer', scopes: ['granted:read', 'open:read', 'other:read'], keys: [key.publicJwk] }],
    }));
  });

  afterEach(async () => {
    await simulator.close();
  });

  const token = async (scope: string, clientId = 'consumer', signer = key) =>
    requestToken(simulator, await signGrant({ key: signer, simulator, clock, clientId, scope }));

  it('issues scopes the organisation was granted, and scopes accessible for all', async () => {
    expect((await token('granted:read open:read')).status).toBe(200);
  });

  it('refuses a scope granted to others only (access_denied MP-250)', async () => {
    expectTokenError(await token('granted:read other:read'), 'access_denied', 'MP-250', new RegExp(`${ME}.*other:read`));
  });

  it('refuses to register a scope not allowed for maskinporten (400) and refuses it at token time (MP-201)', async () => {
    const res = await callApi(simulator, 'POST', '/clients', clientBody({ scopes: ['web:login'] }));
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ fieldIdentifier: 'scopes', errorMessage: expect.stringMatching(/maskinporten/) });

    // A scope the provider narrows to ID-porten after the client was registered.
    const provider = await accessTokenFor(simulator, clock, withKid(key, 'narrowing-provider'), ['idporten:scopes.write']);
    await callApi(simulator, 'POST', '/scopes', { prefix: 'me', subscope: 'both' }, provider);
    await callApi(simulator, 'PUT', `/scopes/access/${ME}?scope=me:both`, undefined, provider);
    const userKey = await createTestKey('narrowed-user-key');
    const user = await createClientWithKeys(simulator, [userKey], ['me:both']);
    expect((await token('me:both', user, userKey)).status).toBe(200);
    const narrowed = await callApi(simulator, 'PUT', '/scopes?scope=me:both', { allowed_integration_types: ['idporten'] }, provider);
    expect(narrowed.body.allowed_integration_types).toEqual(['idporten']);
    expectTokenError(await token('me:both', user, userKey), 'invalid_scope', 'MP-201', /not allowed for maskinporten/);
  });

  it('follows the provider granting, revoking and deactivating its own scope through the API', async () => {
    const provider = await accessTokenFor(simulator, clock, withKid(key, 'provider-key'), ['idporten:scopes.write']);
    const created = await callApi(simulator, 'POST', '/scopes', { prefix: 'me', subscope: 'api', description: 'Our API' }, provider);
    expect(created.status).toBe(201);
    const userKey = await createTestKey('user-key');
    const user = await createClientWithKeys(simulator, [userKey], ['me:api']);
    // Not even the owner may use its scope before access is granted.
    expectTokenError(await token('me:api', user, userKey), 'access_denied', 'MP-250');

    const grant = await callApi(simulator, 'PUT', `/scopes/access/${ME}?scope=me:api`, undefined, provider);
    expect(grant.body).toMatchObject({ scope: 'me:api', consumer_orgno: ME, owner_orgno: ME, state: 'APPROVED' });
    expect((await token('me:api', user, userKey)).status).toBe(200);

    expect((await callApi(simulator, 'DELETE', `/scopes/access/${ME}?scope=me:api`, undefined, provider)).status).toBe(200);
    expectTokenError(await token('me:api', user, userKey), 'access_denied', 'MP-250');

    await callApi(simulator, 'PUT', `/scopes/access/${ME}?scope=me:api`, undefined, provider);
    expect((await callApi(simulator, 'DELETE', '/scopes?scope=me:api', undefined, provider)).body.active).toBe(false);
    expectTokenError(await token('me:api', user, userKey), 'invalid_scope', 'MP-200', /deactivated/);
  });
});
