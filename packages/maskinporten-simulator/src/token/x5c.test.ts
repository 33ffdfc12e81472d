import { decodeJwt } from 'jose';
import type { KeyObject } from 'node:crypto';
import type { ManualClock } from '../clock';
import type { MaskinportenSimulator } from '../server';
import { createTestCertificate, TestCertificate } from '../testing/certificates';
import {
  callApi,
  createTestKey,
  requestToken,
  signGrant,
  startTestSimulator,
  TestKey,
} from '../testing/harness';

const DAY_MS = 24 * 60 * 60 * 1000;
const DCR = 'idporten:dcr.read idporten:dcr.write';

describe('x5c grants (enterprise certificate admin clients)', () => {
  let ca: TestCertificate;
  let leaf: TestCertificate;
  let selfSigned: TestCertificate;
  let stranger: TestCertificate;
  let simulator: MaskinportenSimulator;
  let clock: ManualClock;

  beforeAll(() => {
    ca = createTestCertificate({ commonName: 'Test CA', ca: true, days: 3650 });
    leaf = createTestCertificate({ commonName: 'Admin client', issuer: ca, days: 30 });
    selfSigned = createTestCertificate({ commonName: 'Self-signed admin', days: 30 });
    stranger = createTestCertificate({ commonName: 'Someone else', days: 30 });
  });

  beforeEach(async () => {
    // Test certificates are valid from the wall clock's now, so the simulator starts there.
    ({ simulator, clock } = await startTestSimulator({
      clients: [
        { clientId: 'admin-chain', scopes: DCR.split(' '), certificate: leaf.certificatePem },
        {
          clientId: 'admin-self-signed',
          scopes: DCR.split(' '),
          certificate: selfSigned.certificatePem,
        },
      ],
    }));
    clock.set(new Date(Math.floor(Date.now() / 1000) * 1000));
  });

  afterEach(async () => {
    await simulator.close();
  });

  const signingKey = (cert: TestCertificate): TestKey => ({
    kid: 'unused',
    alg: 'RS256',
    privateKey: cert.privateKey as KeyObject as unknown as CryptoKey,
    publicJwk: {},
  });

  const x5cGrant = (
    clientId: string,
    x5c: unknown,
    signer: TestCertificate,
    scope = 'idporten:dcr.read',
  ) =>
    signGrant({
      key: signingKey(signer),
      simulator,
      clock,
      clientId,
      scope,
      header: { kid: undefined, x5c },
    });

  const expectError = (res: { status: number; body: any }, error: string, code: string, re?: RegExp) => {
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(error);
    expect(res.body.error_description).toContain(code);
    if (re) {
      expect(res.body.error_description).toMatch(re);
    }
  };

  it('accepts a self-signed certificate configured on the client, and the token works on the API', async () => {
    const res = await requestToken(
      simulator,
      await x5cGrant('admin-self-signed', [selfSigned.certificateBase64Der], selfSigned, DCR),
    );
    expect(res.status).toBe(200);
    const claims = decodeJwt(res.body.access_token);
    expect(claims).toMatchObject({
      client_id: 'admin-self-signed',
      client_amr: 'virksomhetssertifikat',
      scope: DCR,
    });
    const list = await callApi(simulator, 'GET', '/clients', undefined, res.body.access_token);
    expect(list.status).toBe(200);
  });

  it('accepts a chain, leaf first', async () => {
    const res = await requestToken(
      simulator,
      await x5cGrant('admin-chain', [leaf.certificateBase64Der, ca.certificateBase64Der], leaf),
    );
    expect(res.status).toBe(200);
  });

  it('rejects a leaf that is not the configured certificate (MP-120)', async () => {
    expectError(
      await requestToken(
        simulator,
        await x5cGrant('admin-chain', [stranger.certificateBase64Der], stranger),
      ),
      'invalid_grant',
      'MP-120',
      /not the enterprise certificate of client admin-chain/,
    );
    // The right certificates in the wrong order: the CA is not the client's certificate.
    expectError(
      await requestToken(
        simulator,
        await x5cGrant('admin-chain', [ca.certificateBase64Der, leaf.certificateBase64Der], leaf),
      ),
      'invalid_grant',
      'MP-120',
    );
  });

  it('rejects a chain whose next certificate did not issue the previous one (MP-120)', async () => {
    expectError(
      await requestToken(
        simulator,
        await x5cGrant('admin-chain', [leaf.certificateBase64Der, stranger.certificateBase64Der], leaf),
      ),
      'invalid_grant',
      'MP-120',
      /x5c\[0\] is not issued by x5c\[1\]/,
    );
  });

  it('rejects a grant not signed by the certificate key (MP-124)', async () => {
    expectError(
      await requestToken(
        simulator,
        await x5cGrant('admin-self-signed', [selfSigned.certificateBase64Der], stranger),
      ),
      'invalid_grant',
      'MP-124',
    );
  });

  it('rejects an expired certificate (MP-120)', async () => {
    clock.advance(31 * DAY_MS);
    expectError(
      await requestToken(
        simulator,
        await x5cGrant('admin-self-signed', [selfSigned.certificateBase64Der], selfSigned),
      ),
      'invalid_grant',
      'MP-120',
      /expired/,
    );
  });

  it.each([
    [[], /empty/],
    [['not base64!'], /x5c\[0\] is not a base64 DER certificate/],
    [['TUlJQg=='], /x5c\[0\] is not an X.509 certificate/],
  ])('rejects a malformed x5c %j (MP-123)', async (x5c, message) => {
    expectError(
      await requestToken(simulator, await x5cGrant('admin-self-signed', x5c, selfSigned)),
      'invalid_grant',
      'MP-123',
      message,
    );
  });

  it('requires kid once the client has registered keys (MP-100)', async () => {
    const key = await createTestKey('admin-registered-key');
    simulator.setClientKeys('admin-self-signed', [key.publicJwk]);
    expectError(
      await requestToken(
        simulator,
        await x5cGrant('admin-self-signed', [selfSigned.certificateBase64Der], selfSigned),
      ),
      'invalid_grant',
      'MP-100',
      /kid/,
    );
  });

  it('refuses a client whose certificate is not a certificate', () => {
    expect(() =>
      simulator.addClient({ clientId: 'broken', scopes: [], certificate: 'not a certificate' }),
    ).toThrow(/client broken: certificate is not a PEM X.509 certificate/);
  });
});
