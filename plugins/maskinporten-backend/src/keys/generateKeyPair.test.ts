import { createPrivateKey, createPublicKey } from 'node:crypto';
import { createKid, generateRsaKey } from './generateKeyPair';

describe('generateRsaKey', () => {
  it('returns a public JWK with exactly kty, alg, use, kid, e, n', async () => {
    const key = await generateRsaKey({ kid: 'test-kid', modulusLength: 2048 });
    expect(Object.keys(key.publicJwk).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(key.publicJwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: 'test-kid', e: 'AQAB' });
    // The public and private halves belong together.
    const fromJwk = createPublicKey({ key: key.publicJwk as any, format: 'jwk' });
    const fromPem = createPublicKey(createPrivateKey(key.privateKeyPem));
    expect(fromJwk.export({ format: 'jwk' })).toEqual(fromPem.export({ format: 'jwk' }));
    expect(fromJwk.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });
});

describe('createKid', () => {
  const now = new Date('2026-11-24T10:00:00Z');

  it('uses only the characters Digdir allows and reads as prefix-env-name-date-random', () => {
    const kid = createKid({ prefix: 'uio', environment: 'test', entityName: 'Lønn API/v2', now });
    expect(kid).toMatch(/^uio-test-l-nn-api-v2-20261124-[0-9a-f]{12}$/);
    expect(kid).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('is unique across calls', () => {
    const kids = new Set(
      Array.from({ length: 500 }, () => createKid({ prefix: 'p', environment: 'e', entityName: 'n', now })),
    );
    expect(kids.size).toBe(500);
  });
});
