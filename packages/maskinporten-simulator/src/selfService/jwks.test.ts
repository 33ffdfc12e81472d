import { generateKeyPairSync } from 'node:crypto';
import type { ManualClock } from '../clock';
import type { MaskinportenSimulator } from '../server';
import {
  callApi,
  clientBody,
  createTestKey,
  expectDigdirError,
  nowSeconds,
  startTestSimulator,
  TestKey,
  withKid,
} from '../testing/harness';

const YEAR_SECONDS = 365 * 24 * 60 * 60;

describe('self-service API: jwks', () => {
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
    ({ simulator, clock } = await startTestSimulator({ scopes: ['test:read'] }));
    clientId = (await callApi(simulator, 'POST', '/clients', clientBody())).body.client_id;
  });

  afterEach(async () => {
    await simulator.close();
  });

  const postKeys = (body: unknown, id = clientId, method = 'POST') =>
    callApi(simulator, method, `/clients/${id}/jwks`, body);

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
    expect((await callApi(simulator, 'GET', `/clients/${clientId}/jwks`)).body).toEqual(res.body);
  });

  // "Man kan ikke gjøre operasjoner på enkelt-nøkler, kun hele settet, dvs. både POST og PUT
  // erstatter evt. eksisterende JWKS." (https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin)
  it('replaces the whole set with PUT as with POST', async () => {
    await postKeys({ keys: [keys[0].publicJwk] });
    const res = await postKeys({ keys: [keys[1].publicJwk, keys[2].publicJwk] }, clientId, 'PUT');
    expect(res.status).toBe(200);
    expect(res.body.keys.map((k: any) => k.kid)).toEqual(['key-1', 'key-2']);
    expectDigdirError(await postKeys({ keys: [] }, clientId, 'PUT'), 400, { field: 'keys' });
  });

  // "En nøkkel har maks ett års levetid fra tidspunktet den blir postet på"
  // (https://docs.digdir.no/docs/Maskinporten/maskinporten_autentisering). okdata re-posts the
  // keys it read, exp included (maskinporten_client.py, create_client_key), without renewing them.
  it('keeps a posted exp within the year, caps a later one at a year, and renews a key posted without exp', async () => {
    const now = nowSeconds(clock);
    const res = await postKeys({
      keys: [
        { ...keys[0].publicJwk, exp: now + 30 * 86400 },
        { ...keys[1].publicJwk, exp: now + 2 * YEAR_SECONDS },
        keys[2].publicJwk,
      ],
    });
    expect(res.body.keys.map((k: any) => k.exp)).toEqual([now + 30 * 86400, now + YEAR_SECONDS, now + YEAR_SECONDS]);
    // Read back and re-posted as is (okdata's way): the exps stay.
    clock.advance(10 * 86400 * 1000);
    const reposted = await postKeys({ keys: res.body.keys });
    expect(reposted.body.keys.map((k: any) => k.exp)).toEqual(res.body.keys.map((k: any) => k.exp));
    expectDigdirError(await postKeys({ keys: [{ ...keys[0].publicJwk, exp: 'soon' }] }), 400, {
      field: 'keys[0].exp',
    });
  });

  it('rejects a sixth key and leaves the previous set intact', async () => {
    await postKeys({ keys: [keys[0].publicJwk] });
    expectDigdirError(await postKeys({ keys: keys.map(k => k.publicJwk) }), 400, { field: 'keys', message: /at most 5 keys/ });
    const current = await callApi(simulator, 'GET', `/clients/${clientId}/jwks`);
    expect(current.body.keys.map((k: any) => k.kid)).toEqual(['key-0']);
  });

  it('accepts exactly five keys', async () => {
    expect((await postKeys({ keys: keys.slice(0, 5).map(k => k.publicJwk) })).body.keys).toHaveLength(5);
  });

  it('removes all keys with DELETE', async () => {
    await postKeys({ keys: [keys[0].publicJwk] });
    const res = await callApi(simulator, 'DELETE', `/clients/${clientId}/jwks`);
    expect(res.body.keys).toEqual([]);
    expect((await callApi(simulator, 'GET', `/clients/${clientId}/jwks`)).body.keys).toEqual([]);
  });

  const without = (member: string) => {
    const jwk: Record<string, unknown> = { ...keys[0].publicJwk };
    delete jwk[member];
    return jwk;
  };

  // `use` has been required since Digdir's API release of 2025-05-22
  // (okdata-maskinporten-api maskinporten_client.py, `_jwk_ensure_use_sig`).
  it.each(['use', 'kty', 'alg', 'kid', 'e', 'n'])('rejects a key without %s', async member => {
    expectDigdirError(await postKeys({ keys: [without(member)] }), 400, {
      field: `keys[0].${member}`,
      message: new RegExp(`\\b${member} is required`),
    });
  });

  it.each([
    ['use', 'enc'],
    ['kty', 'EC'],
    ['alg', 'ES256'],
    ['alg', 'PS256'],
    ['kid', 'has space'],
    ['kid', 'slash/kid'],
  ])('rejects %s = %p', async (member, value) => {
    expectDigdirError(await postKeys({ keys: [{ ...keys[0].publicJwk, [member]: value }] }), 400, {
      field: `keys[0].${member}`,
    });
  });

  it('never accepts private key members, nor echoes them', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const privateJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'priv', alg: 'RS256', use: 'sig' };
    const res = await postKeys({ keys: [privateJwk] });
    expectDigdirError(res, 400, { message: /private key member\(s\) d, p, q, dp, dq, qi/ });
    expect(JSON.stringify(res.body)).not.toContain(privateJwk.d);
    expect((await postKeys({ keys: [{ ...keys[0].publicJwk, d: 'AQAB' }] })).status).toBe(400);
  });

  it('rejects moduli below 2048 bits and garbage moduli', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const small = { ...publicKey.export({ format: 'jwk' }), kid: 'small', alg: 'RS256', use: 'sig' };
    expectDigdirError(await postKeys({ keys: [small] }), 400, { message: /1024-bit.*2048/ });
    expectDigdirError(await postKeys({ keys: [{ ...keys[0].publicJwk, n: 'AQAB' }] }), 400, { field: 'keys[0].n' });
  });

  it('rejects duplicate kids within the set and kids registered on another client', async () => {
    const dup = await postKeys({ keys: [keys[0].publicJwk, withKid(keys[2], 'key-0').publicJwk] });
    expectDigdirError(dup, 400, { field: 'keys[1].kid', message: /"key-0".*more than once/ });
    await postKeys({ keys: [keys[0].publicJwk] });
    const other = await callApi(simulator, 'POST', '/clients', clientBody());
    expectDigdirError(await postKeys({ keys: [keys[0].publicJwk] }, other.body.client_id), 400, {
      message: /globally unique/,
    });
  });

  it('rejects an empty set, a missing keys member and a bare array', async () => {
    expectDigdirError(await postKeys({ keys: [] }), 400, { message: /DELETE/ });
    expectDigdirError(await postKeys({}), 400, { message: /keys is required/ });
    expectDigdirError(await postKeys([keys[0].publicJwk]), 400, { message: /\{"keys"/ });
  });
});
