import { compactVerify } from 'jose';
import type { ClientRegistry, ResolvedKey, SimulatorClient } from '../clients';
import type { CertificateTrust } from '../certificates';
import { mpError } from '../errors';
import type { DecodedGrant } from './grantRequest';

/**
 * Client authentication with a registered key (header `kid`). Codes from "Feilsøking i
 * Maskinporten" (https://docs.digdir.no/docs/Maskinporten/maskinporten_feilsoking).
 */

/** The key named by `kid` that the token endpoint accepts now (propagated uploads only). */
export function resolveKey(kid: string, client: SimulatorClient, registry: ClientRegistry): ResolvedKey {
  const resolved = registry.findKey(client.clientId, kid);
  if (!resolved) {
    // Real answer, quoted in okdata-maskinporten-api doc/sos.md: "Invalid assertion. Client
    // authentication failed. Unknown key identifier (kid) for client."
    throw mpError(
      'invalid_grant',
      'MP-100',
      `Invalid assertion. Client authentication failed. Unknown key identifier (kid) for client: no key with kid "${kid.slice(0, 255)}" is in force on client ${client.clientId} (a key posted in the last minutes may not have reached the token endpoint yet)`,
    );
  }
  return resolved;
}

/** MP-121: key registrations last a year from when they were posted. */
export function checkKeyExpiry(resolved: ResolvedKey, nowSeconds: number): void {
  if (nowSeconds > resolved.exp) {
    throw mpError(
      'invalid_grant',
      'MP-121',
      `Expired key: the key with kid "${resolved.jwk.kid}" expired at ${new Date(
        resolved.exp * 1000,
      ).toISOString()} (keys live one year after they are posted); post a new key, or re-post this one to renew it`,
    );
  }
}

/**
 * A key posted with `x5c` is locked to that enterprise certificate: "Dersom man ønsker å
 * 'låse' integrasjonen til et spesifikt virksomhetssertifikat, må i tillegg inkludere
 * sertifikatet i et x5c-claim. Da vil vi runtime validere …"
 * (https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin, "Bruk av asymmetrisk nøkkel").
 * The simulator re-checks validity and trust at token time; revocation is not modelled.
 */
export function checkLockedCertificate(
  resolved: ResolvedKey,
  trust: CertificateTrust,
  nowSeconds: number,
  orgNumber: string,
): void {
  if (!resolved.certificates) {
    return;
  }
  const check = trust.check(resolved.certificates, nowSeconds, orgNumber);
  if (!check.ok) {
    throw mpError(
      'invalid_grant',
      check.problem === 'organisation' ? 'MP-122' : 'MP-120',
      `Invalid certificate: key "${resolved.jwk.kid}" is locked to an enterprise certificate that is no longer accepted: ${check.message}`,
    );
  }
}

/** MP-124: the grant is signed by the key, with the algorithm the key is registered for. */
export async function checkKeySignature(
  grant: DecodedGrant,
  alg: string,
  resolved: ResolvedKey,
): Promise<void> {
  if (resolved.jwk.alg !== alg) {
    throw mpError(
      'invalid_grant',
      'MP-124',
      `Invalid signature: the grant is signed with ${alg} but key "${resolved.jwk.kid}" is registered for ${resolved.jwk.alg}`,
    );
  }
  try {
    await compactVerify(grant.assertion, resolved.keyObject, { algorithms: [alg] });
  } catch {
    throw mpError(
      'invalid_grant',
      'MP-124',
      `Invalid signature: the grant was not signed by the private key of kid "${resolved.jwk.kid}"`,
    );
  }
}
