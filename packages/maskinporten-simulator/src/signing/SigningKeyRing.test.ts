import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { MaskinportenSimulator } from '../server';
import {
  ADMIN_TOKEN,
  callApi,
  createTestKey,
  requestToken,
  signGrant,
  startTestSimulator,
  TestKey,
} from '../testing/harness';

/*
 * The simulator's own signing key. Digdir recommends resource servers to fetch Maskinporten's
 * keys from the metadata's jwks_uri "for å sikre kontinuerlig tjeneste-leveranse når
 * Maskinporten bytter signeringssertifikat" (https://docs.digdir.no/docs/Maskinporten/maskinporten_func_wellknown):
 * a cached JWKS must survive a simulator restart, and a new kid must make them fetch again.
 */
describe('the simulator signing key', () => {
  let dir: string;
  let key: TestKey;

  beforeAll(async () => {
    key = await createTestKey('resource-client-key');
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mp-sim-signing-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const seeded = { clients: [{ clientId: 'c', scopes: ['test:read'], keys: [] as any[] }] };

  async function issue(simulator: MaskinportenSimulator, clock: any): Promise<string> {
    simulator.setClientKeys('c', [key.publicJwk]);
    const res = await requestToken(simulator, await signGrant({ key, simulator, clock, clientId: 'c' }));
    expect(res.status).toBe(200);
    return res.body.access_token;
  }

  it('keeps the key in signingKeyFile across restarts (mode 0600), so earlier tokens still verify', async () => {
    const file = join(dir, 'nested', 'signing-key.json');
    const first = await startTestSimulator({ ...seeded, signingKeyFile: file });
    const token = await issue(first.simulator, first.clock);
    const jwks = await (await fetch(`${first.simulator.url}jwk`)).json();
    await first.simulator.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = await startTestSimulator({ ...seeded, signingKeyFile: file, clock: first.clock });
    try {
      expect(await (await fetch(`${second.simulator.url}jwk`)).json()).toEqual(jwks);
      // The issuer changed with the port, so check the signature against the cached JWKS directly.
      const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${second.simulator.url}jwk`)), {
        currentDate: first.clock.now(),
      });
      expect(payload.client_id).toBe('c');
    } finally {
      await second.simulator.close();
    }
  });

  it('makes a new key on every start without a store', async () => {
    const a = await startTestSimulator();
    const b = await startTestSimulator();
    try {
      expect(a.simulator.signingKid).not.toBe(b.simulator.signingKid);
    } finally {
      await Promise.all([a.simulator.close(), b.simulator.close()]);
    }
  });

  it('refuses a damaged key file with a clear error', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"keys": [{"kid": "x", "createdAt": "now", "privateKeyPem": "not a key"}]}');
    await expect(startTestSimulator({ signingKeyFile: file })).rejects.toThrow(/bad\.json.*privateKeyPem is not an RSA private key/);
    writeFileSync(file, 'not json');
    await expect(startTestSimulator({ signingKeyFile: file })).rejects.toThrow(/bad\.json is not JSON/);
  });

  it('rotates: the new kid signs, the old key stays published, and a caching resource server refetches once', async () => {
    const file = join(dir, 'rotating.json');
    const { simulator, clock } = await startTestSimulator({ ...seeded, signingKeyFile: file });
    try {
      const oldKid = simulator.signingKid;
      const jwks = createRemoteJWKSet(new URL(`${simulator.url}jwk`), { cooldownDuration: 0 });
      const verify = (t: string) => jwtVerify(t, jwks, { issuer: simulator.issuer, currentDate: clock.now() });
      const before = await issue(simulator, clock);
      await verify(before);
      simulator.clearRequests();

      const newKid = await simulator.rotateSigningKey();
      expect(newKid).not.toBe(oldKid);
      const after = await issue(simulator, clock);
      expect(decodeProtectedHeader(after).kid).toBe(newKid);
      // Unknown kid → the resource server fetches the JWKS again, then trusts the token.
      await verify(after);
      await verify(before);
      expect(simulator.requests.filter(r => r.path === '/jwk')).toHaveLength(1);
      const published = (await (await fetch(`${simulator.url}jwk`)).json()).keys.map((k: any) => k.kid);
      expect(published).toEqual([newKid, oldKid]);
      // The self-service API trusts both; the file holds both.
      expect((await callApi(simulator, 'GET', '/scopes/access/all', undefined, before)).status).toBe(200);
      expect(JSON.parse(readFileSync(file, 'utf8')).keys.map((k: any) => k.kid)).toEqual([newKid, oldKid]);
    } finally {
      await simulator.close();
    }
  });

  it('rotates without keeping the previous key: tokens it signed stop verifying', async () => {
    const { simulator, clock } = await startTestSimulator({ ...seeded });
    try {
      const before = await issue(simulator, clock);
      await simulator.rotateSigningKey({ keepPrevious: false });
      const jwks = createRemoteJWKSet(new URL(`${simulator.url}jwk`), { cooldownDuration: 0 });
      await expect(jwtVerify(before, jwks, { currentDate: clock.now() })).rejects.toThrow();
      expect((await callApi(simulator, 'GET', '/scopes/access/all', undefined, before)).status).toBe(401);
      expect((await callApi(simulator, 'GET', '/scopes/access/all', undefined, ADMIN_TOKEN)).status).toBe(200);
    } finally {
      await simulator.close();
    }
  });
});
