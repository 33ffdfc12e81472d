import type { X509Certificate } from 'node:crypto';
import { compactVerify } from 'jose';
import type { CertificateTrust } from '../certificates';
import { mpError } from '../errors';
import type { DecodedGrant } from './grantRequest';

/**
 * Client authentication with the enterprise certificate (header `x5c`): "The business
 * certificate/eseal (virksomhetssertifikat) of the organization. Full certificate chain"
 * (https://docs.digdir.no/docs/Maskinporten/maskinporten_protocol_jwtgrant). Codes from
 * "Feilsøking i Maskinporten" (https://docs.digdir.no/docs/Maskinporten/maskinporten_feilsoking):
 * MP-123 malformed x5c, MP-120 a certificate Maskinporten does not accept (expired, not from
 * a trusted CA, a production certificate in test), MP-122 "Invalid organization number for
 * client. Does not match certificate orgno", MP-124 a signature the certificate's key did not make.
 */
export function resolveCertificateChain(
  x5c: unknown[],
  trust: CertificateTrust,
  nowSeconds: number,
  clientOrgNumber: string,
): X509Certificate {
  const chain = trust.parse(x5c);
  if (!Array.isArray(chain)) {
    throw mpError('invalid_grant', 'MP-123', `Invalid x5c: ${chain.message}`);
  }
  const check = trust.check(chain, nowSeconds, clientOrgNumber);
  if (!check.ok) {
    if (check.problem === 'organisation') {
      throw mpError(
        'invalid_grant',
        'MP-122',
        `Invalid JWT. Invalid organization number for client. Does not match certificate orgno: ${check.message}`,
      );
    }
    throw mpError('invalid_grant', 'MP-120', `Invalid certificate: ${check.message}`);
  }
  return check.leaf;
}

/** An `x5c` grant must be signed by the leaf certificate's key. */
export async function checkCertificateSignature(
  grant: DecodedGrant,
  alg: string,
  leaf: X509Certificate,
): Promise<void> {
  try {
    await compactVerify(grant.assertion, leaf.publicKey, { algorithms: [alg] });
  } catch {
    throw mpError(
      'invalid_grant',
      'MP-124',
      'Invalid signature: the grant was not signed by the private key of the certificate in x5c',
    );
  }
}
