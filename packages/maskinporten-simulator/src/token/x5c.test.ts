import { createPublicKey, type KeyObject } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { ManualClock } from '../clock';
import type { MaskinportenSimulator } from '../server';
import { createTestCertificate, TestCertificate } from '../testing/certificates';
import {
  callApi,
  createTestKey,
  expectDigdirError,
  requestToken,
  signGrant,
  startTestSimulator,
  TestKey,
} from '../testing/harness';

const DAY_MS = 24 * 60 * 60 * 1000;
const DCR = 'idporten:dcr.read idporten:dcr.write';
const ORG = '991825827';

/*
 * Enterprise certificates in x5c, grant header and posted keys. Sources: "JWT grant"
 * (https://docs.digdir.no/docs/Maskinporten/maskinporten_protocol_jwtgrant: x5c is "The
 * business certificate … Full certificate chain"), "Feilsøking i Maskinporten" (MP-120,
 * MP-122, MP-123, MP-124), and oidc_api_admin ("Bruk av asymmetrisk nøkkel": a posted key
 * may carry x5c to lock the integration to that certificate).
 */
describe('x5c: enterprise certificates chained to a trusted CA', () => {
  let ca: TestCertificate;
  let leaf: TestCertificate;
  let seid2Leaf: TestCertificate;
  let otherOrgLeaf: TestCertificate;
  let noOrgLeaf: TestCertificate;
  let strangerCa: TestCertificate;
  let strangerLeaf: TestCertificate;
  let simulator: MaskinportenSimulator;
  let clock: ManualClock;

  beforeAll(() => {
    ca = createTestCertificate({ commonName: 'Test CA', ca: true, days: 3650 });
    strangerCa = createTestCertificate({ commonName: 'Untrusted CA', ca: true, days: 3650 });
    leaf = createTestCertificate({ commonName: 'Admin client', issuer: ca, days: 30, orgNumber: ORG });
    seid2Leaf = createTestCertificate({ issuer: ca, days: 30, orgNumber: ORG, orgNumberIn: 'organizationIdentifier' });
    otherOrgLeaf = createTestCertificate({ issuer: ca, days: 30, orgNumber: '910000001' });
    noOrgLeaf = createTestCertificate({ issuer: ca, days: 30 });
    strangerLeaf = createTestCertificate({ issuer: strangerCa, days: 30, orgNumber: ORG });
  });

  beforeEach(async () => {
    ({ simulator, clock } = await startTestSimulator({
      certificateAuthorities: [ca.certificatePem],
      clients: [{ clientId: 'admin', scopes: DCR.split(' ') }],
    }));
    // Test certificates are valid from the wall clock's now.
    clock.set(new Date(Math.floor(Date.now() / 1000) * 1000));
  });

  afterEach(async () => {
    await simulator.close();
  });

  const signer = (cert: TestCertificate, kid = 'unused'): TestKey => ({
    kid,
    alg: 'RS256',
    privateKey: cert.privateKey as KeyObject as unknown as CryptoKey,
    publicJwk: {},
  });

  const x5cGrant = (x5c: unknown, by: TestCertificate, header: Record<string, unknown> = {}, sim = simulator) =>
    signGrant({
      key: signer(by),
      simulator: sim,
      clock,
      clientId: 'admin',
      scope: 'idporten:dcr.read',
      header: { kid: undefined, x5c, ...header },
    });

  const expectError = (res: { status: number; body: any }, error: string, code: string, re?: RegExp) => {
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(error);
    expect(res.body.error_description).toContain(code);
    if (re) {
      expect(res.body.error_description).toMatch(re);
    }
  };

  it('accepts a leaf issued by a configured CA, alone or with its chain, and the token works on the API', async () => {
    const alone = await requestToken(simulator, await x5cGrant([leaf.certificateBase64Der], leaf));
    expect(alone.status).toBe(200);
    expect(decodeJwt(alone.body.access_token)).toMatchObject({ client_id: 'admin', client_amr: 'virksomhetssertifikat' });
    expect((await callApi(simulator, 'GET', '/clients', undefined, alone.body.access_token)).status).toBe(200);
    const chain = await requestToken(simulator, await x5cGrant([leaf.certificateBase64Der, ca.certificateBase64Der], leaf));
    expect(chain.status).toBe(200);
  });

  // Digdir's validator reads the number from serialNumber (SEID 1) or organizationIdentifier
  // "NTRNO-…" (SEID 2): felleslosninger/idporten-certificate-validator-lib,
  // NorwegianOrganizationNumberRule.java.
  it('reads the organisation number of a SEID 2 certificate (organizationIdentifier NTRNO-…)', async () => {
    expect((await requestToken(simulator, await x5cGrant([seid2Leaf.certificateBase64Der], seid2Leaf))).status).toBe(200);
  });

  it("refuses a certificate of another organisation, or of none (MP-122), naming both numbers", async () => {
    expectError(
      await requestToken(simulator, await x5cGrant([otherOrgLeaf.certificateBase64Der], otherOrgLeaf)),
      'invalid_grant',
      'MP-122',
      /910000001.*991825827/,
    );
    expectError(await requestToken(simulator, await x5cGrant([noOrgLeaf.certificateBase64Der], noOrgLeaf)), 'invalid_grant', 'MP-122', /no organisation number/);
  });

  it('refuses a certificate from an untrusted CA, a broken chain and an expired certificate (MP-120)', async () => {
    expectError(
      await requestToken(simulator, await x5cGrant([strangerLeaf.certificateBase64Der, strangerCa.certificateBase64Der], strangerLeaf)),
      'invalid_grant',
      'MP-120',
      /not issued by a trusted certificate authority/,
    );
    expectError(
      await requestToken(simulator, await x5cGrant([leaf.certificateBase64Der, strangerCa.certificateBase64Der], leaf)),
      'invalid_grant',
      'MP-120',
      /x5c\[0\] is not issued by x5c\[1\]/,
    );
    clock.advance(31 * DAY_MS);
    expectError(await requestToken(simulator, await x5cGrant([leaf.certificateBase64Der], leaf)), 'invalid_grant', 'MP-120', /expired/);
  });

  it('trusts no certificate at all without configured CAs (MP-120)', async () => {
    const bare = await startTestSimulator({ clients: [{ clientId: 'admin', scopes: ['idporten:dcr.read'] }] });
    try {
      bare.clock.set(clock.now());
      const assertion = await signGrant({
        key: signer(leaf),
        simulator: bare.simulator,
        clock,
        clientId: 'admin',
        scope: 'idporten:dcr.read',
        header: { kid: undefined, x5c: [leaf.certificateBase64Der] },
      });
      expectError(await requestToken(bare.simulator, assertion), 'invalid_grant', 'MP-120', /certificateAuthorities/);
    } finally {
      await bare.simulator.close();
    }
  });

  it('refuses a grant not signed by the certificate key (MP-124)', async () => {
    expectError(await requestToken(simulator, await x5cGrant([leaf.certificateBase64Der], otherOrgLeaf)), 'invalid_grant', 'MP-124');
  });

  it.each([
    [[], /empty/],
    [['not base64!'], /x5c\[0\] is not a base64 DER certificate/],
    [['TUlJQg=='], /x5c\[0\] is not an X.509 certificate/],
  ])('refuses a malformed x5c %j (MP-123)', async (x5c, message) => {
    expectError(await requestToken(simulator, await x5cGrant(x5c, leaf)), 'invalid_grant', 'MP-123', message);
  });

  it('requires kid once the client has registered keys (MP-100)', async () => {
    simulator.setClientKeys('admin', [(await createTestKey('admin-registered-key')).publicJwk]);
    expectError(await requestToken(simulator, await x5cGrant([leaf.certificateBase64Der], leaf)), 'invalid_grant', 'MP-100', /kid/);
  });

  // The JWT grant page asks for "either kid or x5c" without forbidding both; .NET's
  // X509SecurityKey adds a thumbprint kid next to x5c (see grantHeader.ts).
  it('uses x5c when the header has both and the client has no keys, and kid when it has', async () => {
    const both = await requestToken(simulator, await x5cGrant([leaf.certificateBase64Der], leaf, { kid: 'thumbprint-kid' }));
    expect(both.status).toBe(200);
    expect(decodeJwt(both.body.access_token).client_amr).toBe('virksomhetssertifikat');

    const key = await createTestKey('registered-kid');
    simulator.setClientKeys('admin', [key.publicJwk]);
    const withKey = await signGrant({
      key,
      simulator,
      clock,
      clientId: 'admin',
      scope: 'idporten:dcr.read',
      header: { x5c: [leaf.certificateBase64Der] },
    });
    const res = await requestToken(simulator, withKey);
    expect(res.status).toBe(200);
    expect(decodeJwt(res.body.access_token).client_amr).toBe('private_key_jwt');
  });

  describe('keys posted with x5c (locked to the enterprise certificate)', () => {
    const jwkOf = (cert: TestCertificate, kid: string) => ({
      ...(createPublicKey(cert.privateKey).export({ format: 'jwk' }) as object),
      kid,
      alg: 'RS256',
      use: 'sig',
      x5c: [cert.certificateBase64Der],
    });

    it('keeps x5c on the key, returns it, and accepts grants signed by it until the certificate expires', async () => {
      const posted = await callApi(simulator, 'POST', '/clients/admin/jwks', { keys: [jwkOf(leaf, 'locked')] });
      expect(posted.status).toBe(200);
      expect(posted.body.keys[0].x5c).toEqual([leaf.certificateBase64Der]);
      expect((await callApi(simulator, 'GET', '/clients/admin/jwks')).body.keys[0].x5c).toEqual([leaf.certificateBase64Der]);
      const grant = () => signGrant({ key: signer(leaf, 'locked'), simulator, clock, clientId: 'admin', scope: 'idporten:dcr.read' });
      expect((await requestToken(simulator, await grant())).status).toBe(200);
      clock.advance(31 * DAY_MS);
      expectError(await requestToken(simulator, await grant()), 'invalid_grant', 'MP-120', /locked/);
    });

    it.each([
      ['whose certificate holds another key', () => ({ ...jwkOf(leaf, 'k'), x5c: [otherOrgLeaf.certificateBase64Der] }), /does not hold this key/],
      ['of another organisation', () => jwkOf(otherOrgLeaf, 'k'), /910000001/],
      ['from an untrusted CA', () => jwkOf(strangerLeaf, 'k'), /trusted certificate authority/],
      ['with an x5c that is not an array', () => ({ ...jwkOf(leaf, 'k'), x5c: leaf.certificateBase64Der }), /array/],
    ])('refuses a key %s (400 naming keys[0].x5c)', async (_name, jwk, message) => {
      expectDigdirError(await callApi(simulator, 'POST', '/clients/admin/jwks', { keys: [jwk()] }), 400, {
        field: 'keys[0].x5c',
        message,
      });
    });
  });
});
