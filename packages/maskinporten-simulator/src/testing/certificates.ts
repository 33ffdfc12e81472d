import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, KeyObject, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A certificate made for a test, with its key. Never commit one: make it in the test.
 *
 * @public
 */
export interface TestCertificate {
  /** The certificate as PEM (what the simulator's `certificate` option takes). */
  certificatePem: string;
  /** The certificate as base64 DER (one `x5c` entry). */
  certificateBase64Der: string;
  privateKey: KeyObject;
  /** The private key as PKCS#8 PEM. */
  privateKeyPem: string;
}

/**
 * Options for {@link createTestCertificate}.
 *
 * @public
 */
export interface TestCertificateOptions {
  /** Subject CN; default `Test enterprise certificate`. */
  commonName?: string;
  /** Validity from now, in days; default 365. */
  days?: number;
  /** Sign with this certificate (an intermediate or CA) instead of self-signing. */
  issuer?: TestCertificate;
  /** Make a CA certificate (basicConstraints CA:TRUE, keyCertSign). */
  ca?: boolean;
  /** RSA modulus length; default 2048. */
  modulusLength?: number;
  /**
   * The organisation number, written where enterprise certificates carry it: subject
   * `serialNumber` (SEID 1, the default) or `organizationIdentifier` as `NTRNO-<number>` (SEID 2).
   */
  orgNumber?: string;
  orgNumberIn?: 'serialNumber' | 'organizationIdentifier';
}

/**
 * Makes an X.509 certificate with a fresh RSA key for tests of `x5c` grants, using the
 * `openssl` command (it must be on PATH). Validity starts at the wall clock's now.
 *
 * @public
 */
export function createTestCertificate(options: TestCertificateOptions = {}): TestCertificate {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: options.modulusLength ?? 2048,
  });
  const privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const dir = mkdtempSync(join(tmpdir(), 'mp-sim-cert-'));
  const file = (name: string) => join(dir, name);
  const safe = (value: string) => value.split('/').join(' ').split('\\').join(' ');
  let orgNumber = '';
  if (options.orgNumber && options.orgNumberIn === 'organizationIdentifier') {
    orgNumber = `/organizationIdentifier=NTRNO-${safe(options.orgNumber)}`;
  } else if (options.orgNumber) {
    orgNumber = `/serialNumber=${safe(options.orgNumber)}`;
  }
  const subject = `/O=Test organisation${orgNumber}/CN=${safe(options.commonName ?? 'Test enterprise certificate')}`;
  const days = String(options.days ?? 365);
  const extensions = options.ca
    ? ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign']
    : ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature'];
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  try {
    writeFileSync(file('key.pem'), privateKeyPem, { mode: 0o600 });
    if (!options.issuer) {
      run([
        'req', '-x509', '-new', '-key', file('key.pem'), '-subj', subject, '-days', days,
        '-sha256', ...extensions.flatMap(e => ['-addext', e]), '-out', file('cert.pem'),
      ]);
    } else {
      writeFileSync(file('issuer.pem'), options.issuer.certificatePem);
      writeFileSync(file('issuer-key.pem'), options.issuer.privateKeyPem, { mode: 0o600 });
      writeFileSync(file('ext.cnf'), `${extensions.join('\n')}\n`);
      run(['req', '-new', '-key', file('key.pem'), '-subj', subject, '-out', file('req.csr')]);
      run([
        'x509', '-req', '-in', file('req.csr'), '-CA', file('issuer.pem'),
        '-CAkey', file('issuer-key.pem'), '-set_serial', `0x${randomBytes(8).toString('hex')}`,
        '-days', days, '-sha256', '-extfile', file('ext.cnf'), '-out', file('cert.pem'),
      ]);
    }
    const certificatePem = readFileSync(file('cert.pem'), 'utf8');
    return {
      certificatePem,
      certificateBase64Der: new X509Certificate(certificatePem).raw.toString('base64'),
      privateKey,
      privateKeyPem,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
