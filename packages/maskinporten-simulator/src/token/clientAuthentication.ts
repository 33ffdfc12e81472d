import type { ClientRegistry, SimulatorClient } from '../clients';
import type { CertificateTrust } from '../certificates';
import { mpError } from '../errors';
import { checkCertificateSignature, resolveCertificateChain } from './certificateAuthentication';
import type { GrantHeader } from './grantHeader';
import type { DecodedGrant } from './grantRequest';
import {
  checkKeyExpiry,
  checkKeySignature,
  checkLockedCertificate,
  resolveKey,
} from './keyAuthentication';

/** `client_amr` of the access token: how the client authenticated. */
export type ClientAmr = 'private_key_jwt' | 'virksomhetssertifikat';

export interface ClientAuthenticationContext {
  registry: ClientRegistry;
  trust: CertificateTrust;
  /** The organisation every simulated client belongs to (`client_orgno`). */
  orgNumber: string;
  nowSeconds: number;
}

/** `iss` names the client; it must exist and be active (MP-100 "Client not found"). */
export function resolveClient(payload: Record<string, unknown>, registry: ClientRegistry): SimulatorClient {
  const iss = payload.iss;
  if (typeof iss !== 'string' || iss === '') {
    throw mpError('invalid_grant', 'MP-100', 'Client authentication failed: iss (the client id) is missing');
  }
  const client = registry.findActiveClient(iss);
  if (!client) {
    throw mpError(
      'invalid_grant',
      'MP-100',
      `Client authentication failed: client ${iss.slice(0, 255)} not found (unknown, deactivated, or registered in another environment)`,
    );
  }
  return client;
}

/**
 * Authenticates the client by the grant's signature. A client with keys in force must use
 * `kid` ("'kid' can and must be used by clients having a pre-registered certificate /
 * asymmetric key", JWT grant page; "må klienter som har registrert en nøkkel bruke
 * kid-parameteren i jwt-headeren istedenfor x5c", oidc_api_admin). So with both `kid` and
 * `x5c` in the header, `kid` decides for a client with keys and `x5c` for one without.
 */
export async function authenticateClient(
  grant: DecodedGrant,
  header: GrantHeader,
  client: SimulatorClient,
  ctx: ClientAuthenticationContext,
): Promise<ClientAmr> {
  const keysInForce = ctx.registry.effectiveKeys(client.clientId);
  if (header.kid !== undefined && (keysInForce.length > 0 || header.x5c === undefined)) {
    const key = resolveKey(header.kid, client, ctx.registry);
    checkKeyExpiry(key, ctx.nowSeconds);
    checkLockedCertificate(key, ctx.trust, ctx.nowSeconds, ctx.orgNumber);
    await checkKeySignature(grant, header.alg, key);
    return 'private_key_jwt';
  }
  if (keysInForce.length > 0) {
    throw mpError(
      'invalid_grant',
      'MP-100',
      `Client authentication failed: client ${client.clientId} has registered keys, so the grant must name one of them with kid instead of sending x5c`,
    );
  }
  const leaf = resolveCertificateChain(header.x5c!, ctx.trust, ctx.nowSeconds, ctx.orgNumber);
  await checkCertificateSignature(grant, header.alg, leaf);
  return 'virksomhetssertifikat';
}
