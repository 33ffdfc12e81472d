import { X509Certificate } from 'node:crypto';
import { organisationNumberOf } from './orgNumber';

/** Why a certificate chain is not accepted; each maps to a documented MP code at token time. */
export type ChainProblem =
  /** x5c is not an array of base64 DER certificates: MP-123. */
  | 'malformed'
  /** Not valid at the clock's now, or does not link, or no trusted CA: MP-120. */
  | 'untrusted'
  /** The leaf carries another organisation number, or none: MP-122. */
  | 'organisation';

export type ChainCheck =
  | { ok: true; leaf: X509Certificate; orgNumber: string }
  | { ok: false; problem: ChainProblem; message: string };

function isBase64Char(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2b || // +
    code === 0x2f // /
  );
}

/** Standard base64 with up to two `=` of padding, checked by a scan (x5c is request input). */
export function isStandardBase64(value: string): boolean {
  let end = value.length;
  let padding = 0;
  while (end > 0 && value.charCodeAt(end - 1) === 0x3d && padding < 2) {
    end--;
    padding++;
  }
  if (end === 0) {
    return false;
  }
  for (let i = 0; i < end; i++) {
    if (!isBase64Char(value.charCodeAt(i))) {
      return false;
    }
  }
  return true;
}

const describe = (certificate: X509Certificate) => certificate.subject.split('\n').join(', ');

/**
 * The certificate authorities the simulator trusts, standing in for the Buypass and
 * Commfides CAs that Maskinporten trusts for enterprise certificates. A chain is accepted
 * when it is leaf first, each certificate issued and signed by the next (RFC 7515 §4.1.6),
 * and its last certificate is, or is issued by, a configured CA.
 */
export class CertificateTrust {
  readonly #authorities: X509Certificate[];

  constructor(authoritiesPem: string[] = []) {
    this.#authorities = authoritiesPem.map((pem, i) => {
      try {
        return new X509Certificate(pem);
      } catch {
        throw new Error(`certificateAuthorities[${i}] is not a PEM X.509 certificate`);
      }
    });
  }

  get configured(): boolean {
    return this.#authorities.length > 0;
  }

  /** Parses an `x5c` value: a non-empty array of base64 DER certificates. */
  parse(x5c: unknown): X509Certificate[] | { problem: 'malformed'; message: string } {
    if (!Array.isArray(x5c)) {
      return { problem: 'malformed', message: 'x5c must be an array of certificates' };
    }
    if (x5c.length === 0) {
      return { problem: 'malformed', message: 'the certificate chain is empty' };
    }
    if (x5c.length > 10) {
      return { problem: 'malformed', message: 'the certificate chain holds more than 10 certificates' };
    }
    const chain: X509Certificate[] = [];
    for (let i = 0; i < x5c.length; i++) {
      const entry = x5c[i];
      // x5c holds standard base64 (not base64url) DER, RFC 7515 §4.1.6.
      if (typeof entry !== 'string' || !isStandardBase64(entry)) {
        return { problem: 'malformed', message: `x5c[${i}] is not a base64 DER certificate` };
      }
      try {
        chain.push(new X509Certificate(Buffer.from(entry, 'base64')));
      } catch {
        return { problem: 'malformed', message: `x5c[${i}] is not an X.509 certificate` };
      }
    }
    return chain;
  }

  /** Checks a parsed chain: validity now, links, a trusted CA, and the leaf's organisation. */
  check(chain: X509Certificate[], nowSeconds: number, expectedOrgNumber: string): ChainCheck {
    const untrusted = (message: string): ChainCheck => ({ ok: false, problem: 'untrusted', message });
    if (!this.configured) {
      return untrusted(
        'the simulator trusts no certificate authority (configure certificateAuthorities with the CA that issued the enterprise certificate)',
      );
    }
    for (let i = 0; i < chain.length; i++) {
      const validFrom = Date.parse(chain[i].validFrom) / 1000;
      const validTo = Date.parse(chain[i].validTo) / 1000;
      if (nowSeconds < validFrom || nowSeconds > validTo) {
        return untrusted(
          `x5c[${i}] (${describe(chain[i])}) is ${nowSeconds < validFrom ? 'not valid yet' : 'expired'} (valid ${chain[i].validFrom} to ${chain[i].validTo})`,
        );
      }
      if (i + 1 < chain.length && !(chain[i].checkIssued(chain[i + 1]) && chain[i].verify(chain[i + 1].publicKey))) {
        return untrusted(
          `x5c[${i}] is not issued by x5c[${i + 1}]; send the chain leaf first, each certificate followed by its issuer`,
        );
      }
    }
    const last = chain[chain.length - 1];
    const anchored = this.#authorities.some(
      ca => ca.raw.equals(last.raw) || (last.checkIssued(ca) && last.verify(ca.publicKey)),
    );
    if (!anchored) {
      return untrusted(`the chain ending in ${describe(last)} is not issued by a trusted certificate authority`);
    }
    const leaf = chain[0];
    const orgNumber = organisationNumberOf(leaf);
    if (orgNumber !== expectedOrgNumber) {
      return {
        ok: false,
        problem: 'organisation',
        message: orgNumber
          ? `the certificate is issued to organisation ${orgNumber}, but the client belongs to ${expectedOrgNumber}`
          : `the certificate (${describe(leaf)}) carries no organisation number (serialNumber, O or organizationIdentifier)`,
      };
    }
    return { ok: true, leaf, orgNumber };
  }
}
