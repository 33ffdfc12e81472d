import { isStandardBase64, orgNumberAfterDash } from '../certificates';
import { isBase64Url, isValidKid } from '../clients';
import { isValidSubscope, splitScopeName } from '../scopes';
import { readBearerToken } from '../selfService';
import {
  callApi,
  clientBody,
  createClientWithKeys,
  createTestKey,
  expectDigdirError,
  expectTokenError,
  requestToken,
  signGrant,
  startTestSimulator,
} from '../testing/harness';

/*
 * Security issue 11: no pattern that runs on request input may backtrack super-linearly.
 * The simulator reads grants, headers, bodies and query strings with character scans (or
 * patterns with a single, unambiguous quantifier). Each test feeds a large pathological input
 * and checks the answer; none measures time (the suite's timeout catches a hang).
 */
const MB = 1_000_000;

describe('request input is read in linear time', () => {
  it('bearer header: a megabyte of spaces and tabs', () => {
    expect(readBearerToken(`Bearer ${' \t'.repeat(MB / 2)}x`)).toBeUndefined();
    expect(readBearerToken(`Bearer ${'a '.repeat(MB / 2)}`)).toBeUndefined();
    expect(readBearerToken(' Bearer  token ')).toBe('token');
  });

  it('base64 and base64url scans: a megabyte of valid characters with a bad one at the end', () => {
    expect(isStandardBase64(`${'A'.repeat(MB)}!`)).toBe(false);
    expect(isStandardBase64(`${'A'.repeat(MB)}==`)).toBe(true);
    expect(isStandardBase64('='.repeat(MB))).toBe(false);
    expect(isBase64Url(`${'A'.repeat(MB)}=`)).toBe(false);
    expect(isValidKid(`${'a'.repeat(MB)}`)).toBe(false);
  });

  // NorwegianOrganizationNumberRule's `^.+\-\W*([0-9]{9})$` backtracks quadratically on
  // dashes and spaces; the scan that replaces it does not.
  it('organisation number in a certificate subject: a megabyte of dashes and spaces', () => {
    expect(orgNumberAfterDash(`${'- '.repeat(MB / 2)}123456789`)).toBe('123456789');
    expect(orgNumberAfterDash(`${'-'.repeat(MB)}12345678x`)).toBeUndefined();
    expect(orgNumberAfterDash(`x${' '.repeat(MB)}123456789`)).toBeUndefined();
    expect(orgNumberAfterDash('Org AS - 991825827')).toBe('991825827');
  });

  it('scope names: long names with many colons', () => {
    expect(splitScopeName(`a:${':'.repeat(MB)}`)).toBeUndefined();
    expect(isValidSubscope('x'.repeat(MB))).toBe(false);
  });

  describe('over HTTP', () => {
    let env: Awaited<ReturnType<typeof startTestSimulator>>;

    beforeAll(async () => {
      env = await startTestSimulator({ scopes: ['test:read'] });
    });

    afterAll(async () => {
      await env.simulator.close();
    });

    it('a grant with a huge whitespace-filled scope, aud of repeated "/token" and a long kid', async () => {
      const key = await createTestKey('http-key');
      const clientId = await createClientWithKeys(env.simulator, [key]);
      const scope = `test:read${' \t'.repeat(10_000)}x`;
      const grant = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
        signGrant({ key, simulator: env.simulator, clock: env.clock, clientId, claims, header });
      expectTokenError(await requestToken(env.simulator, await grant({ scope })), 'invalid_scope', 'MP-200', /"x"/);
      expectTokenError(
        await requestToken(env.simulator, await grant({ aud: `${'/token'.repeat(5_000)}x` })),
        'invalid_grant',
        'MP-110',
      );
      expectTokenError(
        await requestToken(env.simulator, await grant({}, { kid: 'k'.repeat(20_000) })),
        'invalid_grant',
        'MP-100',
      );
    });

    it('a client body with half a megabyte of whitespace in a scope, and a long query parameter', async () => {
      const res = await callApi(env.simulator, 'POST', '/clients', clientBody({ scopes: [` ${'\t '.repeat(150_000)}x`] }));
      expectDigdirError(res, 400, { field: 'scopes' });
      expectDigdirError(await callApi(env.simulator, 'GET', `/clients?inactive=${'t'.repeat(8_000)}`), 400, { field: 'inactive' });
      const header = `Bearer ${' '.repeat(8_000)}x y`;
      const unauthorised = await fetch(`${env.simulator.selfServiceBaseUrl}/clients`, { headers: { authorization: header } });
      expect(unauthorised.status).toBe(401);
    });
  });
});
