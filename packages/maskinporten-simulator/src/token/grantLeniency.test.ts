import { decodeJwt } from 'jose';
import type { ManualClock } from '../clock';
import type { MaskinportenSimulator } from '../server';
import {
  createClientWithKeys,
  createTestKey,
  expectTokenError,
  GrantOptions,
  nowSeconds,
  requestToken,
  signGrant,
  startTestSimulator,
  TestKey,
} from '../testing/harness';

/*
 * Grant rules where the simulator was stricter than Maskinporten. Each test cites the
 * Digdir page ("JWT grant", https://docs.digdir.no/docs/Maskinporten/maskinporten_protocol_jwtgrant)
 * or the production client whose grants Maskinporten accepts.
 */
describe('grant times and what real clients send', () => {
  let simulator: MaskinportenSimulator;
  let clock: ManualClock;
  let key: TestKey;
  let clientId: string;
  let grant: (o?: Partial<GrantOptions>) => Promise<string>;

  beforeAll(async () => {
    key = await createTestKey('lenient-key');
  });

  beforeEach(async () => {
    ({ simulator, clock } = await startTestSimulator({ scopes: ['test:read'] }));
    clientId = await createClientWithKeys(simulator, [key]);
    grant = (o = {}) => signGrant({ key, simulator, clock, clientId, ...o });
  });

  afterEach(async () => {
    await simulator.close();
  });

  describe('times', () => {
    it('accepts exp - iat = 120 and rejects 121 (MP-130)', async () => {
      const iat = nowSeconds(clock);
      expect(
        (await requestToken(simulator, await grant({ claims: { iat, exp: iat + 120 } }))).status,
      ).toBe(200);
      expectTokenError(
        await requestToken(simulator, await grant({ claims: { iat, exp: iat + 121 } })),
        'invalid_grant',
        'MP-130',
        /120/,
      );
    });

    it.each([11, -11])('rejects iat %i s off the clock (MP-130)', async offset => {
      const iat = nowSeconds(clock) + offset;
      const res = await requestToken(simulator, await grant({ claims: { iat, exp: iat + 60 } }));
      expectTokenError(res, 'invalid_grant', 'MP-130', /clock skew/);
    });

    it.each([10, -10])('accepts iat %i s off the clock', async offset => {
      const iat = nowSeconds(clock) + offset;
      const res = await requestToken(simulator, await grant({ claims: { iat, exp: iat + 60 } }));
      expect(res.status).toBe(200);
    });

    it('rejects an expired grant (MP-130)', async () => {
      const iat = nowSeconds(clock) - 8;
      const res = await requestToken(simulator, await grant({ claims: { iat, exp: iat + 5 } }));
      expectTokenError(res, 'invalid_grant', 'MP-130', /past/);
    });

    it.each(['iat', 'exp'])('rejects a missing or non-numeric %s (MP-011)', async claim => {
      expectTokenError(
        await requestToken(simulator, await grant({ claims: { [claim]: undefined } })),
        'invalid_request',
        'MP-011',
        new RegExp(claim),
      );
      expectTokenError(
        await requestToken(simulator, await grant({ claims: { [claim]: 'soon' } })),
        'invalid_request',
        'MP-011',
        new RegExp(claim),
      );
    });
  });

  // nais/digdirator pkg/digdir/auth.go signs every admin grant with NotBefore: now.
  describe('nbf (digdirator sends it)', () => {
    it('accepts nbf = now, as digdirator sends it', async () => {
      const now = nowSeconds(clock);
      expect((await requestToken(simulator, await grant({ claims: { nbf: now } }))).status).toBe(200);
    });

    it('refuses an nbf in the future beyond the clock skew (MP-130) and a non-numeric nbf (MP-011)', async () => {
      const now = nowSeconds(clock);
      expectTokenError(
        await requestToken(simulator, await grant({ claims: { nbf: now + 30 } })),
        'invalid_grant',
        'MP-130',
        /not valid yet/,
      );
      expect((await requestToken(simulator, await grant({ claims: { nbf: now + 10 } }))).status).toBe(200);
      expectTokenError(await requestToken(simulator, await grant({ claims: { nbf: 'now' } })), 'invalid_request', 'MP-011', /nbf/);
    });
  });

  // RFC 7519 §4.1.3 allows aud as an array; digdirator builds `Audience: []string{issuer}`
  // (pkg/digdir/auth.go), and its older releases sent the one-element array.
  describe('aud as an array', () => {
    it('accepts [issuer]', async () => {
      expect((await requestToken(simulator, await grant({ claims: { aud: [simulator.issuer] } }))).status).toBe(200);
    });

    it.each([
      ['two audiences', () => [simulator.issuer, 'https://api.example.no/'], /2 audiences/],
      ['another issuer', () => ['https://test.maskinporten.no/'], /not this environment/],
      ['a number', () => [42], /must be a string/],
      ['empty', () => [], /0 audiences/],
    ])('refuses an array with %s (MP-110)', async (_name, aud, message) => {
      expectTokenError(await requestToken(simulator, await grant({ claims: { aud: aud() } })), 'invalid_grant', 'MP-110', message);
    });
  });

  // "jti | Recommended | JWT ID - unique id for this jwt. NOTE: A JWT cannot be reused."
  describe('jti is recommended, not required', () => {
    it('accepts a grant without jti, but never the same grant twice (MP-012)', async () => {
      const assertion = await grant({ claims: { jti: undefined } });
      const first = await requestToken(simulator, assertion);
      expect(first.status).toBe(200);
      expect(decodeJwt(first.body.access_token).jti).toEqual(expect.any(String));
      expectTokenError(await requestToken(simulator, assertion), 'invalid_grant', 'MP-012', /no jti/);
      // Another grant without jti (a new iat) is another grant.
      clock.advance(1000);
      expect((await requestToken(simulator, await grant({ claims: { jti: undefined } }))).status).toBe(200);
    });

    it('refuses a jti that is not a non-empty string (MP-011)', async () => {
      expectTokenError(await requestToken(simulator, await grant({ claims: { jti: 7 } })), 'invalid_request', 'MP-011', /jti/);
    });
  });
});
