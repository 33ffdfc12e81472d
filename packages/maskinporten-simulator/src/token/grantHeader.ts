import { SUPPORTED_ALGORITHMS } from '../clients';
import { mpError } from '../errors';
import { invalidAssertion } from './grantRequest';

/** The members of a grant header that decide how the client is authenticated. */
export interface GrantHeader {
  alg: string;
  kid?: string;
  /** Checked to be an array here; its entries are checked with the chain. */
  x5c?: unknown[];
}

/**
 * The header: `alg` RS256/384/512, and `kid` or `x5c`. Digdir's "JWT grant" page
 * (https://docs.digdir.no/docs/Maskinporten/maskinporten_protocol_jwtgrant) says "Either
 * 'kid' or 'x5c' must be present" and "'kid' can and must be used by clients having a
 * pre-registered certificate / asymmetric key"; it does not forbid both. .NET clients send
 * both: Microsoft.IdentityModel's `JwtHeader` writes `kid` for an `X509SecurityKey`, which is
 * why Altinn's client removes it by hand (Altinn/altinn-apiclient-maskinporten,
 * src/Altinn.ApiClients.Maskinporten/Services/MaskinportenService.cs, `GetHeader`), and
 * clients without that line send `kid` and `x5c` together. Which one is used is decided
 * with the client's keys (clientAuthentication.ts).
 */
export function checkHeader(header: Record<string, unknown>): GrantHeader {
  const { alg, kid, x5c } = header;
  if (typeof alg !== 'string' || !SUPPORTED_ALGORITHMS.includes(alg as any)) {
    throw invalidAssertion(
      `header alg must be one of ${SUPPORTED_ALGORITHMS.join(', ')}, got ${JSON.stringify(alg ?? null).slice(0, 50)}`,
    );
  }
  if ('crit' in header) {
    throw invalidAssertion('header crit is not supported');
  }
  if (kid === undefined && x5c === undefined) {
    throw invalidAssertion('header must contain kid (a key registered on the client) or x5c');
  }
  if (kid !== undefined && (typeof kid !== 'string' || kid === '')) {
    throw invalidAssertion('header kid must be a non-empty string');
  }
  if (x5c !== undefined && !Array.isArray(x5c)) {
    // "MP-123: Invalid JWT header x5c … Sjekk at sertifikatet ligger med som et array av string".
    throw mpError('invalid_grant', 'MP-123', 'Invalid x5c: the header x5c must be an array of certificates');
  }
  return { alg, kid: kid as string | undefined, x5c: x5c as unknown[] | undefined };
}
