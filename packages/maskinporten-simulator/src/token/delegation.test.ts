import { decodeJwt } from 'jose';
import type { ManualClock } from '../clock';
import type { MaskinportenSimulator } from '../server';
import {
  createTestKey,
  expectTokenError,
  requestToken,
  signGrant,
  startTestSimulator,
  TestKey,
} from '../testing/harness';

/*
 * A supplier asking for a token on behalf of a consumer ("Delegering av API-tilgang",
 * https://docs.digdir.no/docs/Maskinporten/maskinporten_func_delegering, and the JWT grant
 * page's consumer_org / iss_onbehalfof).
 */
describe('tokens on behalf of another organisation', () => {
  let simulator: MaskinportenSimulator;
  let clock: ManualClock;
  let key: TestKey;

  beforeAll(async () => {
    key = await createTestKey('supplier-key');
  });

  beforeEach(async () => {
    ({ simulator, clock } = await startTestSimulator({
      // The consumer 910000001 has been granted the scope by its provider; 910000003 has not.
      scopes: [{ name: 'test:read', consumers: ['991825827', '910000001', '910000002'] }],
      clients: [
        {
          clientId: 'supplier',
          scopes: ['test:read'],
          consumerOrgs: ['910000001', '910000003'],
          keys: [key.publicJwk],
        },
      ],
    }));
  });

  afterEach(async () => {
    await simulator.close();
  });

  const grant = (claims: Record<string, unknown>) =>
    signGrant({ key, simulator, clock, clientId: 'supplier', claims });

  // Digdir's example of a delegated token: "supplier": {"authority": "iso6523-actorid-upis",
  // "ID": "0192:991825827"}, "delegation_source": "https://tt02.altinn.no/", "consumer": {… 910753614}.
  it('names consumer, supplier and delegation_source in a supplier token', async () => {
    const res = await requestToken(simulator, await grant({ consumer_org: '910000001' }));
    expect(res.status).toBe(200);
    expect(decodeJwt(res.body.access_token)).toMatchObject({
      consumer: { authority: 'iso6523-actorid-upis', ID: '0192:910000001' },
      supplier: { authority: 'iso6523-actorid-upis', ID: '0192:991825827' },
      delegation_source: 'https://tt02.altinn.no/',
    });
    const own = decodeJwt((await requestToken(simulator, await grant({}))).body.access_token);
    expect(own.supplier).toBeUndefined();
    expect(own.delegation_source).toBeUndefined();
  });

  it('takes delegation_source from the delegationSource option', async () => {
    const prod = await startTestSimulator({
      delegationSource: 'https://www.altinn.no/',
      clients: [{ clientId: 'supplier', scopes: ['test:read'], consumerOrgs: ['910000001'], keys: [key.publicJwk] }],
    });
    try {
      const assertion = await signGrant({ key, simulator: prod.simulator, clock: prod.clock, clientId: 'supplier', claims: { consumer_org: '910000001' } });
      const res = await requestToken(prod.simulator, assertion);
      expect(decodeJwt(res.body.access_token).delegation_source).toBe('https://www.altinn.no/');
    } finally {
      await prod.simulator.close();
    }
  });

  it.each(['12345678', '1234567890', 'abcdefghi', 910000001])('refuses a malformed consumer_org %p (MP-011)', async org => {
    expectTokenError(await requestToken(simulator, await grant({ consumer_org: org })), 'invalid_request', 'MP-011', /consumer_org/);
  });

  // "MP-250: Consumer has not been granted access to the scope <scope>" (Feilsøking).
  it('refuses a consumer that its API provider has not granted the scope (access_denied MP-250)', async () => {
    expectTokenError(await requestToken(simulator, await grant({ consumer_org: '910000003' })), 'access_denied', 'MP-250', /910000003.*test:read/);
  });

  // "MP-251: Consumer <org> has not delegated access to the scope <scope> to supplier <org>".
  it('refuses a consumer without delegation to the supplier (access_denied MP-251)', async () => {
    expectTokenError(await requestToken(simulator, await grant({ consumer_org: '910000002' })), 'access_denied', 'MP-251', /910000002.*test:read.*991825827/);
  });

  // "there are two mutually exclusive claims available: consumer_org … iss_onbehalfof" (JWT grant page).
  it('refuses consumer_org together with iss_onbehalfof (MP-011)', async () => {
    expectTokenError(
      await requestToken(simulator, await grant({ consumer_org: '910000001', iss_onbehalfof: 'sub-client' })),
      'invalid_request',
      'MP-011',
      /mutually exclusive/,
    );
    const onBehalf = await requestToken(simulator, await grant({ iss_onbehalfof: 'sub-client' }));
    expect(decodeJwt(onBehalf.body.access_token).client_onbehalfof).toBe('sub-client');
  });
});
