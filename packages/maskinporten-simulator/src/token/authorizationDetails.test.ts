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

const SYSTEMUSER = 'urn:altinn:systemuser';
const ORG = { authority: 'iso6523-actorid-upis', ID: '0192:999888777' };

/*
 * authorization_details for system users ("Systembruker for virksomheter",
 * https://docs.digdir.no/docs/Maskinporten/maskinporten_func_systembruker) and the codes of
 * "Feilsøking i Maskinporten": MP-301 unknown type, MP-302 unknown fields, MP-303 invalid values.
 */
describe('authorization_details', () => {
  let simulator: MaskinportenSimulator;
  let clock: ManualClock;
  let key: TestKey;

  beforeAll(async () => {
    key = await createTestKey('rar-key');
  });

  beforeEach(async () => {
    ({ simulator, clock } = await startTestSimulator({
      clients: [{ clientId: 'system', scopes: ['test:read'], keys: [key.publicJwk] }],
    }));
  });

  afterEach(async () => {
    await simulator.close();
  });

  const withDetails = async (details: unknown) =>
    requestToken(
      simulator,
      await signGrant({ key, simulator, clock, clientId: 'system', claims: { authorization_details: details } }),
    );

  it('accepts a system-user request and returns it in the token, and advertises the type', async () => {
    const res = await withDetails([{ type: SYSTEMUSER, systemuser_org: ORG }]);
    expect(res.status).toBe(200);
    expect(decodeJwt(res.body.access_token).authorization_details).toEqual([{ type: SYSTEMUSER, systemuser_org: ORG }]);
    const metadata = await (await fetch(`${simulator.url}.well-known/oauth-authorization-server`)).json();
    expect(metadata.authorization_details_types_supported).toEqual([SYSTEMUSER]);
  });

  it.each([
    ['an unknown type', [{ type: 'urn:example:payment', systemuser_org: ORG }], 'MP-301', /urn:example:payment/],
    ['no type', [{ systemuser_org: ORG }], 'MP-301', /type/],
    ['an unknown field', [{ type: SYSTEMUSER, systemuser_org: ORG, amount: 5 }], 'MP-302', /"amount"/],
    ['an unknown field in systemuser_org', [{ type: SYSTEMUSER, systemuser_org: { ...ORG, name: 'x' } }], 'MP-302', /name/],
    ['no systemuser_org', [{ type: SYSTEMUSER }], 'MP-303', /systemuser_org is required/],
    ['a bad organisation ID', [{ type: SYSTEMUSER, systemuser_org: { ...ORG, ID: '999888777' } }], 'MP-303', /0192:/],
    ['another authority', [{ type: SYSTEMUSER, systemuser_org: { ...ORG, authority: 'x' } }], 'MP-303', /authority/],
    ['two parties', [{ type: SYSTEMUSER, systemuser_org: ORG }, { type: SYSTEMUSER, systemuser_org: ORG }], 'MP-303', /one party/],
    ['not an array', { type: SYSTEMUSER, systemuser_org: ORG }, 'MP-303', /array/],
  ])('refuses %s', async (_name, details, code, message) => {
    expectTokenError(await withDetails(details), 'invalid_request', code, message);
  });
});
