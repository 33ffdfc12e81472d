import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLocalJWKSet, exportJWK, jwtVerify, JWTPayload } from 'jose';
import { MaskinportenSimulator } from '../server';
import { createTestCertificate } from '../testing/certificates';

/*
 * The simulator against a real Maskinporten client that Norwegian municipalities run in
 * production: KS Fiks' maskinporten-client 3.6.0 (no.ks.fiks:maskinporten-client, from Maven
 * Central; https://github.com/ks-no/fiks-maskinporten), driven through its public builder by
 * scripts/real-clients/fiks-maskinporten. What it sends is its own: a kid or x5c header, `aud`
 * as a string, `jti`, `iat`, `exp` = iat + 2 min, no `nbf`, `resource` as a string,
 * `consumer_org`, form-encoded with a `Charset` header (Maskinportenklient.kt at tag 3.6.0).
 * What it reads back is its own too: `access_token`, `expires_in` and the token's `exp`,
 * and a non-200 becomes MaskinportenClientTokenRequestException with the body.
 *
 * Run by `npm run test:real-clients` (scripts/real-clients/run.js), which builds the client
 * first; named *.test.realclient.ts so that `npm test` does not collect it.
 */
jest.setTimeout(120_000);

const CLIENT_HOME =
  process.env.FIKS_CLIENT_HOME ?? resolve(__dirname, '../../../../scripts/real-clients/fiks-maskinporten/target');
const ORG = '991825827';
const DELEGATING_ORG = '910000001';
const OTHER_ORG = '910000002';

interface CliLine {
  call: number;
  ok: boolean;
  accessToken?: string;
  exception?: string;
  status?: number;
  error?: string;
}

function runFiksClient(args: Record<string, string | string[]>): Promise<CliLine[]> {
  const argv = Object.entries(args).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map(v => `--${name}=${v}`),
  );
  const classpath = `${join(CLIENT_HOME, 'classes')}:${join(CLIENT_HOME, 'lib', '*')}`;
  return new Promise((done, fail) => {
    execFile(
      process.env.FIKS_JAVA ?? 'java',
      ['-cp', classpath, 'no.maskinportenbackstage.realclients.FiksTokenCli', ...argv],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) {
          fail(new Error(`the Fiks client failed: ${error.message}\n${stderr}`));
          return;
        }
        done(stdout.trim().split('\n').map(line => JSON.parse(line) as CliLine));
      },
    );
  });
}

describe('KS Fiks maskinporten-client 3.6.0 against the simulator', () => {
  let simulator: MaskinportenSimulator;
  let dir: string;
  let keyFile: string;
  let certificateKeyFile: string;
  let certificateFile: string;
  let verify: (token: string) => Promise<JWTPayload>;

  beforeAll(async () => {
    if (!existsSync(join(CLIENT_HOME, 'classes')) || !existsSync(join(CLIENT_HOME, 'lib'))) {
      throw new Error(`no Fiks client in ${CLIENT_HOME}: run npm run test:real-clients, which builds it`);
    }
    dir = mkdtempSync(join(tmpdir(), 'fiks-client-'));
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keyFile = join(dir, 'key.pem');
    writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    const publicJwk = { ...(await exportJWK(publicKey)), kid: 'fiks-kid-1', alg: 'RS256', use: 'sig' };

    const ca = createTestCertificate({ commonName: 'Test CA', ca: true, days: 30 });
    const leaf = createTestCertificate({ commonName: 'Fiks enterprise certificate', issuer: ca, orgNumber: ORG });
    certificateFile = join(dir, 'certificate.pem');
    certificateKeyFile = join(dir, 'certificate-key.pem');
    writeFileSync(certificateFile, leaf.certificatePem);
    writeFileSync(certificateKeyFile, leaf.privateKeyPem, { mode: 0o600 });

    simulator = await MaskinportenSimulator.start({
      orgNumber: ORG,
      certificateAuthorities: [ca.certificatePem],
      // ks:fiks is granted to us and to two other organisations, one of which has delegated
      // to the client (Altinn's part, as consumerOrgs): so a refusal can only be delegation's.
      scopes: [{ name: 'ks:fiks', consumers: [ORG, DELEGATING_ORG, OTHER_ORG] }, 'dfo:ansatte'],
      clients: [
        { clientId: 'fiks-kid', scopes: ['ks:fiks', 'dfo:ansatte'], keys: [publicJwk], consumerOrgs: [DELEGATING_ORG] },
        { clientId: 'fiks-certificate', scopes: ['ks:fiks'] },
      ],
    });
    const jwks = await (await fetch(`${simulator.issuer}jwk`)).json();
    const keySet = createLocalJWKSet(jwks);
    verify = async token => (await jwtVerify(token, keySet, { issuer: simulator.issuer })).payload;
  });

  afterAll(async () => {
    await simulator?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => simulator.clearRequests());

  const withKid = (extra: Record<string, string | string[]> = {}) => ({
    'token-endpoint': simulator.tokenEndpoint,
    audience: simulator.issuer,
    'client-id': 'fiks-kid',
    key: keyFile,
    kid: 'fiks-kid-1',
    ...extra,
  });
  const tokenPosts = () => simulator.requests.filter(r => r.method === 'POST' && r.path === '/token');

  it('gets a token with a registered key (kid), and its cache keeps a second call off the token endpoint', async () => {
    const lines = await runFiksClient(withKid({ scope: ['ks:fiks', 'dfo:ansatte'], calls: '2' }));
    expect(lines.map(l => l.ok)).toEqual([true, true]);
    expect(lines[1].accessToken).toBe(lines[0].accessToken);
    const claims = await verify(lines[0].accessToken!);
    expect(claims).toMatchObject({
      client_id: 'fiks-kid',
      client_amr: 'private_key_jwt',
      scope: 'ks:fiks dfo:ansatte',
      consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${ORG}` },
    });
    expect(claims.aud).toBeUndefined();
    expect(tokenPosts().map(r => r.status)).toEqual([200]);
  });

  it('asks for an audience-restricted token with resource', async () => {
    const [line] = await runFiksClient(withKid({ scope: 'ks:fiks', resource: 'https://api.fiks.ks.no' }));
    expect(line.ok).toBe(true);
    expect((await verify(line.accessToken!)).aud).toBe('https://api.fiks.ks.no');
  });

  it('gets a delegated token with consumer_org for an organisation that delegated to the client', async () => {
    const [line] = await runFiksClient(withKid({ scope: 'ks:fiks', 'consumer-org': DELEGATING_ORG }));
    expect(line.ok).toBe(true);
    expect(await verify(line.accessToken!)).toMatchObject({
      consumer: { ID: `0192:${DELEGATING_ORG}` },
      supplier: { ID: `0192:${ORG}` },
      delegation_source: expect.any(String),
    });
  });

  it('gets a token with an enterprise certificate (x5c)', async () => {
    const [line] = await runFiksClient({
      'token-endpoint': simulator.tokenEndpoint,
      audience: simulator.issuer,
      'client-id': 'fiks-certificate',
      key: certificateKeyFile,
      certificate: certificateFile,
      scope: 'ks:fiks',
    });
    expect(line.ok).toBe(true);
    expect(await verify(line.accessToken!)).toMatchObject({
      client_id: 'fiks-certificate',
      client_amr: 'virksomhetssertifikat',
    });
  });

  it.each([
    ['a scope the client does not have', { scope: 'nav:aareg' }, 'invalid_scope', 'MP-200'],
    ['an organisation that has not delegated', { scope: 'ks:fiks', 'consumer-org': OTHER_ORG }, 'access_denied', 'MP-251'],
    ['a kid that is not registered', { scope: 'ks:fiks', kid: 'fiks-kid-unknown' }, 'invalid_grant', 'MP-100'],
  ])('refuses %s in a body the client reads as a client error', async (_, extra, error, code) => {
    const [line] = await runFiksClient(withKid(extra));
    expect(line).toMatchObject({ ok: false, exception: 'MaskinportenClientTokenRequestException', status: 400 });
    const body = JSON.parse(line.error!);
    expect(body.error).toBe(error);
    expect(body.error_description).toContain(code);
  });
});
