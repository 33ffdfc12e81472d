import {
  createTestCertificate,
  ManualClock,
  MaskinportenSimulator,
  TestCertificate,
} from '@maskinporten-backstage/maskinporten-simulator';
import {
  DCR_SCOPES,
  input,
  keys,
  pem,
  rsaKey,
  useSelfServiceSimulator,
} from './__testUtils__/selfServiceHarness';
import { DigdirRejectedError } from './types';

describe('DigdirSelfServiceClient with an admin client', () => {
  const env = useSelfServiceSimulator();
  const { clientFor, withAdminClient, requestsTo } = env;

  // The admin client authenticates with the enterprise certificate in x5c, which Maskinporten
  // accepts from a trusted CA with the organisation's number (MP-120, MP-122 in "Feilsøking
  // i Maskinporten"); the simulator trusts the CA it is given.
  describe('with an admin client signing with x5c (the enterprise certificate)', () => {
    let ca: TestCertificate;
    let leaf: TestCertificate;
    let otherOrg: TestCertificate;

    beforeAll(() => {
      ca = createTestCertificate({ commonName: 'Test CA', ca: true, days: 3650 });
      leaf = createTestCertificate({ commonName: 'Test enterprise', issuer: ca, days: 365, orgNumber: '991825827' });
      otherOrg = createTestCertificate({ commonName: 'Another organisation', issuer: ca, days: 30, orgNumber: '910000001' });
    });

    beforeEach(async () => {
      // Certificates are valid from the wall clock's now: a simulator whose clock starts there.
      await env.simulator.close();
      env.clock = new ManualClock(new Date(Math.floor(Date.now() / 1000) * 1000));
      env.simulator = await MaskinportenSimulator.start({
        port: 0,
        clock: env.clock,
        scopes: ['dfo:ansatte', ...DCR_SCOPES],
        certificateAuthorities: [ca.certificatePem],
        clients: [{ clientId: 'admin-with-cert', scopes: DCR_SCOPES }],
      });
    });

    const withCertificate = (chain: string[] = [leaf.certificateBase64Der, ca.certificateBase64Der]) =>
      clientFor({
        auth: { clientId: 'admin-with-cert', privateKey: leaf.privateKeyPem, certificateChain: chain },
      });

    it('gets a token with x5c and uses it for several calls', async () => {
      const client = withCertificate();
      const { client: created } = await client.ensureClient('test', input);
      const [registered] = await client.replaceJwks('test', created.clientId, [keys[0]]);
      expect(registered.exp).toBeGreaterThan(env.clock.now().getTime() / 1000);
      expect(await client.ensureClient('test', input)).toMatchObject({ created: false });
      expect(requestsTo('/token')).toHaveLength(1);
    });

    it('fetches a new token once on 401', async () => {
      const client = withCertificate();
      await client.findClientByDescription('test', 'x');
      env.simulator.faults.add({ path: '/api/v1/clients', status: 401, times: 1 });
      await client.findClientByDescription('test', 'x');
      expect(requestsTo('/token').map(r => r.status)).toEqual([200, 200]);
    });

    it("is refused when the certificate is another organisation's (MP-122)", async () => {
      const client = clientFor({
        auth: {
          clientId: 'admin-with-cert',
          privateKey: otherOrg.privateKeyPem,
          certificateChain: [otherOrg.certificateBase64Der],
        },
      });
      const error = await client.findClientByDescription('test', 'x').catch(e => e);
      expect(error).toBeInstanceOf(DigdirRejectedError);
      expect(error.message).toMatch(/invalid_grant: Invalid JWT\. Invalid organization number.*MP-122/);
      expect(error.message).not.toContain(otherOrg.privateKeyPem.split('\n')[1]);
    });
  });

  describe('with an admin client signing with kid', () => {
    it('gets one token from the same environment and reuses it', async () => {
      const client = withAdminClient();
      const { client: created } = await client.ensureClient('test', input);
      await client.replaceJwks('test', created.clientId, [keys[0]]);
      await client.getJwks('test', created.clientId);
      await client.getClient('test', created.clientId);
      expect(requestsTo('/token')).toHaveLength(1);
      expect(requestsTo(/^\/api\/v1\//).every(r => r.status! < 300)).toBe(true);

      // Shortly before expires_in (120 s) a new one is fetched.
      env.clock.advance(100_000);
      await client.getClient('test', created.clientId);
      expect(requestsTo('/token')).toHaveLength(2);
    });

    it('fetches a new token once on 401', async () => {
      const client = withAdminClient();
      await client.findClientByDescription('test', 'x');
      env.simulator.faults.add({ path: '/api/v1/clients', status: 401, times: 1 });
      await expect(client.findClientByDescription('test', 'x')).resolves.toBeUndefined();
      expect(requestsTo('/token')).toHaveLength(2);
      expect(requestsTo('/api/v1/clients').map(r => r.status)).toEqual([200, 401, 200]);
    });

    it('gives up when a fresh token is refused too', async () => {
      const client = withAdminClient();
      env.simulator.faults.add({ path: '/api/v1/clients', status: 401 });
      const attempt = client.findClientByDescription('test', 'x');
      await expect(attempt).rejects.toBeInstanceOf(DigdirRejectedError);
      await expect(attempt).rejects.toThrow(/admin client admin-with-kid's access token .* HTTP 401 \(invalid_token/);
      expect(requestsTo('/token')).toHaveLength(2);
      expect(requestsTo('/api/v1/clients')).toHaveLength(2);
    });

    it('reports a refused grant with its MP code and without the key', async () => {
      const other = rsaKey();
      const client = clientFor({
        auth: { clientId: 'admin-with-kid', privateKey: pem(other.privateKey), keyId: 'admin-key' },
      });
      const error = await client.findClientByDescription('test', 'x').catch(e => e);
      expect(error).toBeInstanceOf(DigdirRejectedError);
      expect(error.message).toMatch(/refused the self-service admin client admin-with-kid .*invalid_grant.*MP-124/);
      expect(error.message).not.toMatch(/PRIVATE KEY/);
      expect(requestsTo(/^\/api\/v1\//)).toEqual([]);
    });

    it('retries a rate-limited token endpoint', async () => {
      const client = withAdminClient();
      env.simulator.faults.add({ path: '/token', status: 429, times: 1 });
      await expect(client.findClientByDescription('test', 'x')).resolves.toBeUndefined();
      expect(requestsTo('/token').map(r => r.status)).toEqual([429, 200]);
    });

    it('retries a failing token endpoint like the API itself', async () => {
      const client = withAdminClient({ retries: 1 });
      env.simulator.faults.add({ path: '/token', status: 502 });
      await expect(client.findClientByDescription('test', 'x')).rejects.toThrow(
        /did not answer after 2 attempts: the token endpoint at .*: The token endpoint answered HTTP 502/,
      );
      expect(requestsTo('/token')).toHaveLength(2);
    });
  });
});
