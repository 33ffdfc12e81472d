import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { GRANT_CLAIMS, signGrant } from './grant';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const now = new Date('2026-11-24T10:00:00Z');
const base = {
  issuer: 'https://test.maskinporten.no/',
  clientId: 'client-1',
  scopes: ['dfo:ansatte', 'dfo:organisasjon'],
  kid: 'kid-1',
  privateKey,
  now,
  lifetimeSeconds: 120,
};

async function verify(jwt: string) {
  return jwtVerify(jwt, publicKey, { currentDate: now, algorithms: ['RS256'] });
}

describe('signGrant', () => {
  it('has header alg and kid only, and exactly the required claims', async () => {
    const jwt = await signGrant(base);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'RS256', kid: 'kid-1' });
    const { payload } = await verify(jwt);
    expect(Object.keys(payload).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'scope']);
    expect(payload).toMatchObject({
      aud: 'https://test.maskinporten.no/',
      iss: 'client-1',
      scope: 'dfo:ansatte dfo:organisasjon',
      iat: now.getTime() / 1000,
      exp: now.getTime() / 1000 + 120,
    });
    expect(typeof payload.aud).toBe('string');
  });

  it('adds resource as an array and consumer_org only when set', async () => {
    const { payload } = await verify(
      await signGrant({ ...base, resources: ['https://api.example.no/'], consumerOrg: '974760673' }),
    );
    expect(payload.resource).toEqual(['https://api.example.no/']);
    expect(payload.consumer_org).toBe('974760673');
    for (const claim of Object.keys(payload)) {
      expect(GRANT_CLAIMS).toContain(claim);
    }
  });

  it('uses a fresh jti for every grant', async () => {
    const jtis = new Set<unknown>();
    for (let i = 0; i < 20; i++) {
      jtis.add((await verify(await signGrant(base))).payload.jti);
    }
    expect(jtis.size).toBe(20);
  });

  it('refuses lifetimes over 120 seconds and empty scopes', async () => {
    await expect(signGrant({ ...base, lifetimeSeconds: 121 })).rejects.toThrow(/1-120/);
    await expect(signGrant({ ...base, scopes: [] })).rejects.toThrow(/scope/);
  });
});
