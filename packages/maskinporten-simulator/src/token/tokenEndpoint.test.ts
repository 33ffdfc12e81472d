import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import type { ManualClock } from '../clock';
import type { MaskinportenSimulator } from '../server';
import {
  callApi,
  createClientWithKeys,
  createTestKey,
  GrantOptions,
  nowSeconds,
  requestToken,
  signGrant,
  startTestSimulator,
  TestKey,
  withKid,
} from '../testing/harness';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('token endpoint', () => {
  let simulator: MaskinportenSimulator;
  let clock: ManualClock;
  let keyA: TestKey;
  let keyB: TestKey;
  let keyOther: TestKey;
  let clientId: string;
  let grant: (o?: Partial<GrantOptions>) => Promise<string>;

  const expectError = (
    res: { status: number; body: any; headers: Headers },
    error: string,
    code: string | undefined,
    mentions?: string | RegExp,
  ) => {
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.body.error).toBe(error);
    if (code) {
      expect(res.body.error_description).toContain(code);
    }
    if (mentions) {
      expect(res.body.error_description).toMatch(mentions);
    }
  };

  beforeAll(async () => {
    [keyA, keyB, keyOther] = await Promise.all([
      createTestKey('key-a'),
      createTestKey('key-b'),
      createTestKey('key-other'),
    ]);
  });

  beforeEach(async () => {
    ({ simulator, clock } = await startTestSimulator({
      scopes: ['test:read', 'test:write', 'other:scope'],
    }));
    clientId = await createClientWithKeys(simulator, [keyA], ['test:read', 'test:write']);
    grant = (o = {}) =>
      signGrant({ key: keyA, simulator, clock, clientId, ...o });
  });

  afterEach(async () => {
    await simulator.close();
  });

  describe('success', () => {
    it('issues an access token that verifies against /jwk with the documented claims', async () => {
      const res = await requestToken(simulator, await grant({ scope: 'test:read test:write' }));
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 120,
        scope: 'test:read test:write',
      });

      const jwks = createRemoteJWKSet(new URL(`${simulator.url}jwk`));
      const { payload } = await jwtVerify(res.body.access_token, jwks, {
        issuer: simulator.issuer,
        currentDate: clock.now(),
      });
      const now = nowSeconds(clock);
      expect(payload).toEqual({
        iss: simulator.issuer,
        client_id: clientId,
        client_amr: 'private_key_jwt',
        consumer: { authority: 'iso6523-actorid-upis', ID: '0192:991825827' },
        scope: 'test:read test:write',
        token_type: 'Bearer',
        iat: now,
        exp: now + 120,
        jti: expect.any(String),
      });
      expect(payload.aud).toBeUndefined();
    });

    it('sets aud only when resource is sent', async () => {
      const single = await requestToken(
        simulator,
        await grant({ claims: { resource: 'https://api.example.no/' } }),
      );
      expect(single.status).toBe(200);
      expect(decodeJwt(single.body.access_token).aud).toBe('https://api.example.no/');

      const many = await requestToken(
        simulator,
        await grant({ claims: { resource: ['https://a.example.no/', 'https://b.example.no/'] } }),
      );
      expect(many.status).toBe(200);
      expect(decodeJwt(many.body.access_token).aud).toEqual([
        'https://a.example.no/',
        'https://b.example.no/',
      ]);
    });

    it('serves RFC 8414 metadata', async () => {
      const res = await fetch(`${simulator.url}.well-known/oauth-authorization-server`);
      expect(await res.json()).toMatchObject({
        issuer: simulator.issuer,
        token_endpoint: simulator.tokenEndpoint,
        jwks_uri: `${simulator.url}jwk`,
        grant_types_supported: ['urn:ietf:params:oauth:grant-type:jwt-bearer'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
        token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'RS512'],
      });
    });

    it('uses the client access_token_lifetime for expires_in', async () => {
      const sim = await startTestSimulator({ accessTokenLifetimeSeconds: 300 });
      try {
        const id = await createClientWithKeys(sim.simulator, [withKid(keyA, 'key-a-300')]);
        const res = await requestToken(
          sim.simulator,
          await signGrant({
            key: withKid(keyA, 'key-a-300'),
            simulator: sim.simulator,
            clock: sim.clock,
            clientId: id,
          }),
        );
        expect(res.status).toBe(200);
        expect(res.body.expires_in).toBe(300);
      } finally {
        await sim.simulator.close();
      }
    });
  });

  describe('request format', () => {
    it('rejects a grant_type other than jwt-bearer', async () => {
      const res = await requestToken(simulator, await grant(), {
        grantType: 'client_credentials',
      });
      expectError(res, 'unsupported_grant_type', undefined, /client_credentials/);
    });

    it('rejects a missing assertion', async () => {
      expectError(await requestToken(simulator, undefined), 'invalid_request', 'MP-011', /assertion/);
    });

    it('rejects a JSON body', async () => {
      const res = await requestToken(simulator, undefined, {
        contentType: 'application/json',
        rawBody: JSON.stringify({ grant_type: 'x', assertion: await grant() }),
      });
      expectError(res, 'invalid_request', 'MP-011', /x-www-form-urlencoded/);
    });

    it('rejects an assertion that is not a JWS', async () => {
      expectError(
        await requestToken(simulator, 'not-a-jwt'),
        'invalid_request',
        'MP-011',
      );
      expectError(
        await requestToken(simulator, 'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln'),
        'invalid_request',
        'MP-011',
        /payload/,
      );
    });
  });

  describe('header', () => {
    it('rejects an unsupported alg', async () => {
      const [, p] = (await grant()).split('.');
      const header = Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'key-a' })).toString(
        'base64url',
      );
      const res = await requestToken(simulator, `${header}.${p}.c2ln`);
      expectError(res, 'invalid_request', 'MP-011', /alg/);
    });

    it('requires kid or x5c (MP-011)', async () => {
      expectError(
        await requestToken(simulator, await grant({ header: { kid: undefined } })),
        'invalid_request',
        'MP-011',
        /kid/,
      );
    });

    it('rejects an x5c that is not an array (MP-123)', async () => {
      const res = await requestToken(
        simulator,
        await grant({ header: { kid: undefined, x5c: 'MIIB' } }),
      );
      expectError(res, 'invalid_grant', 'MP-123');
    });
  });

  describe('client and key', () => {
    it('rejects an unknown client (MP-100)', async () => {
      const res = await requestToken(simulator, await grant({ clientId: 'no-such-client' }));
      expectError(res, 'invalid_grant', 'MP-100', /no-such-client/);
    });

    it('rejects a missing iss (MP-100)', async () => {
      const res = await requestToken(simulator, await grant({ claims: { iss: undefined } }));
      expectError(res, 'invalid_grant', 'MP-100');
    });

    it('rejects a kid not registered on the client (MP-100)', async () => {
      const res = await requestToken(
        simulator,
        await grant({ key: withKid(keyA, 'unknown-kid') }),
      );
      expectError(res, 'invalid_grant', 'MP-100', /no key with kid "unknown-kid"/);
    });

    it('rejects a grant signed by another key under the registered kid (MP-124)', async () => {
      const res = await requestToken(simulator, await grant({ key: withKid(keyOther, 'key-a') }));
      expectError(res, 'invalid_grant', 'MP-124');
    });

    it('rejects an alg different from the registered key alg (MP-124)', async () => {
      const key512 = await createTestKey('key-512', 'RS512');
      simulator.setClientKeys(clientId, [
        keyA.publicJwk,
        { ...key512.publicJwk, alg: 'RS256' },
      ]);
      const res = await requestToken(simulator, await grant({ key: key512 }));
      expectError(res, 'invalid_grant', 'MP-124', /RS512/);
    });

    it('rejects a key whose registration expired (MP-121) until it is re-posted', async () => {
      clock.advance(364 * DAY_MS);
      expect((await requestToken(simulator, await grant())).status).toBe(200);

      clock.advance(2 * DAY_MS);
      expectError(await requestToken(simulator, await grant()), 'invalid_grant', 'MP-121', /Expired key/);

      const reposted = await callApi(simulator, 'POST', `/clients/${clientId}/jwks`, {
        keys: [keyA.publicJwk],
      });
      expect(reposted.status).toBe(200);
      expect(reposted.body.keys[0].exp).toBe(nowSeconds(clock) + 365 * 24 * 60 * 60);
      expect((await requestToken(simulator, await grant())).status).toBe(200);
    });

    it('rejects grants from a deactivated client (MP-100)', async () => {
      expect((await callApi(simulator, 'DELETE', `/clients/${clientId}`)).status).toBe(200);
      expectError(await requestToken(simulator, await grant()), 'invalid_grant', 'MP-100');
    });

    it('rejects grants with a key removed by a whole-set replace (MP-100)', async () => {
      const replaced = await callApi(simulator, 'POST', `/clients/${clientId}/jwks`, {
        keys: [keyB.publicJwk],
      });
      expect(replaced.status).toBe(200);
      expectError(await requestToken(simulator, await grant()), 'invalid_grant', 'MP-100', /key-a/);
      expect((await requestToken(simulator, await grant({ key: keyB }))).status).toBe(200);
    });
  });

  describe('aud', () => {
    it.each([
      ['another environment', 'https://test.maskinporten.no/'],
      ['missing', undefined],
    ])('rejects aud that is %s (MP-110)', async (_name, aud) => {
      const res = await requestToken(simulator, await grant({ claims: { aud } }));
      expectError(res, 'invalid_grant', 'MP-110');
    });

    it('rejects the issuer without its trailing slash (MP-110)', async () => {
      const res = await requestToken(
        simulator,
        await grant({ claims: { aud: simulator.issuer.slice(0, -1) } }),
      );
      expectError(res, 'invalid_grant', 'MP-110', /trailing slash/);
    });

    it('rejects the token endpoint as aud (MP-110)', async () => {
      const res = await requestToken(
        simulator,
        await grant({ claims: { aud: simulator.tokenEndpoint } }),
      );
      expectError(res, 'invalid_grant', 'MP-110', /token endpoint/);
    });
  });

  describe('claims', () => {
    it.each(['sub', 'foo'])('rejects the undocumented claim %s (MP-011)', async claim => {
      const res = await requestToken(
        simulator,
        await grant({ claims: { [claim]: nowSeconds(clock) } }),
      );
      expectError(res, 'invalid_request', 'MP-011', new RegExp(`Invalid assertion.*"${claim}"`));
    });

    it('rejects a reused jti (MP-012), also after the first grant succeeded', async () => {
      const jti = 'fixed-jti';
      expect((await requestToken(simulator, await grant({ claims: { jti } }))).status).toBe(200);
      clock.advance(5000);
      const res = await requestToken(simulator, await grant({ claims: { jti } }));
      expectError(res, 'invalid_grant', 'MP-012', /fixed-jti/);
    });

    it('does not burn a jti on a rejected grant', async () => {
      const jti = 'retry-jti';
      expectError(
        await requestToken(simulator, await grant({ scope: 'other:scope', claims: { jti } })),
        'invalid_scope',
        'MP-200',
      );
      expect((await requestToken(simulator, await grant({ claims: { jti } }))).status).toBe(200);
    });

    it.each([
      ['a number', 42],
      ['a relative URI', 'api/v1'],
      ['an empty array', []],
      ['an array with a non-string', ['https://a.example.no/', 1]],
    ])('rejects resource that is %s (MP-011)', async (_name, resource) => {
      const res = await requestToken(simulator, await grant({ claims: { resource } }));
      expectError(res, 'invalid_request', 'MP-011', /resource/);
    });
  });

  describe('scope', () => {
    it('rejects a scope not registered on the client (MP-200), naming it', async () => {
      const res = await requestToken(simulator, await grant({ scope: 'test:read other:scope' }));
      expectError(res, 'invalid_scope', 'MP-200', /"other:scope"/);
    });

    it('rejects a missing or empty scope (MP-200)', async () => {
      expectError(
        await requestToken(simulator, await grant({ claims: { scope: undefined } })),
        'invalid_scope',
        'MP-200',
        /no scope/,
      );
      expectError(
        await requestToken(simulator, await grant({ scope: '   ' })),
        'invalid_scope',
        'MP-200',
      );
    });
  });

  describe('order of checks', () => {
    it('reports the key problem before aud, times and claims', async () => {
      const res = await requestToken(
        simulator,
        await grant({
          key: withKid(keyOther, 'key-a'),
          claims: { aud: 'https://maskinporten.no/', sub: 'x', iat: 1, exp: 2 },
        }),
      );
      expectError(res, 'invalid_grant', 'MP-124');
    });

    it('reports aud before times, and times before claims', async () => {
      const iat = nowSeconds(clock);
      expectError(
        await requestToken(
          simulator,
          await grant({ claims: { aud: 'https://maskinporten.no/', exp: iat + 500 } }),
        ),
        'invalid_grant',
        'MP-110',
      );
      expectError(
        await requestToken(simulator, await grant({ claims: { exp: iat + 500, sub: 'x' } })),
        'invalid_grant',
        'MP-130',
      );
    });
  });
});
