import { isOrgNumber } from '../scopes/scopeNames';
import { checkAuthorizationDetails } from './authorizationDetails';
import { invalidAssertion } from './grantRequest';

/**
 * Claims a grant may carry: those on Digdir's "JWT grant" page
 * (https://docs.digdir.no/docs/Maskinporten/maskinporten_protocol_jwtgrant), plus
 * `authorization_details` ("Systembruker for virksomheter") and `nbf`, which digdirator
 * sends in production (see grantTimes.ts). Anything else is "Invalid assertion" (MP-011).
 */
export const ALLOWED_GRANT_CLAIMS = [
  'aud',
  'iss',
  'scope',
  'iat',
  'exp',
  'nbf',
  'jti',
  'resource',
  'consumer_org',
  'pid',
  'iss_onbehalfof',
  'authorization_details',
] as const;

export interface GrantClaims {
  /** Absent when the client sent none: Digdir documents jti as "Recommended". */
  jti?: string;
  scope?: string;
  resource?: string | string[];
  consumerOrg?: string;
  pid?: string;
  issOnBehalfOf?: string;
  authorizationDetails?: Record<string, unknown>[];
}

function isAbsoluteUri(value: string): boolean {
  try {
    return new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
}

function isElevenDigits(value: unknown): boolean {
  if (typeof value !== 'string' || value.length !== 11) {
    return false;
  }
  for (let i = 0; i < 11; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x30 || code > 0x39) {
      return false;
    }
  }
  return true;
}

/** The remaining claims: only documented ones, each well-formed. */
export function checkClaims(payload: Record<string, unknown>): GrantClaims {
  const unknown = Object.keys(payload).filter(
    c => !(ALLOWED_GRANT_CLAIMS as readonly string[]).includes(c),
  );
  if (unknown.length > 0) {
    throw invalidAssertion(
      `claim${unknown.length > 1 ? 's' : ''} ${unknown
        .slice(0, 10)
        .map(c => `"${c.slice(0, 50)}"`)
        .join(', ')} not allowed; a grant may only contain ${ALLOWED_GRANT_CLAIMS.join(', ')}`,
    );
  }
  const { jti, scope, resource, consumer_org, pid, iss_onbehalfof, authorization_details } = payload;
  // "jti | Recommended | JWT ID - unique id for this jwt. NOTE: A JWT cannot be reused."
  if (jti !== undefined && (typeof jti !== 'string' || jti === '')) {
    throw invalidAssertion('jti must be a non-empty string when it is sent');
  }
  if (scope !== undefined && typeof scope !== 'string') {
    throw invalidAssertion('scope must be a space-separated string');
  }
  if (resource !== undefined) {
    const values = Array.isArray(resource) ? resource : [resource];
    if (values.length === 0 || values.some(r => typeof r !== 'string' || !isAbsoluteUri(r))) {
      throw invalidAssertion('resource must be an absolute URI or an array of absolute URIs');
    }
  }
  if (consumer_org !== undefined && !isOrgNumber(consumer_org)) {
    throw invalidAssertion('consumer_org must be a 9-digit organisation number');
  }
  if (pid !== undefined && !isElevenDigits(pid)) {
    throw invalidAssertion('pid must be an 11-digit national identity number');
  }
  if (iss_onbehalfof !== undefined && (typeof iss_onbehalfof !== 'string' || !iss_onbehalfof)) {
    throw invalidAssertion('iss_onbehalfof must be a non-empty string');
  }
  // "If the client belongs to a supplier requesting a token on behalf of another
  // organization (legal consumer), there are two mutually exclusive claims available:
  // consumer_org … iss_onbehalfof" (JWT grant page).
  if (consumer_org !== undefined && iss_onbehalfof !== undefined) {
    throw invalidAssertion('consumer_org and iss_onbehalfof are mutually exclusive; send one of them');
  }
  return {
    jti: jti as string | undefined,
    scope: scope as string | undefined,
    resource: resource as string | string[] | undefined,
    consumerOrg: consumer_org as string | undefined,
    pid: pid as string | undefined,
    issOnBehalfOf: iss_onbehalfof as string | undefined,
    authorizationDetails:
      authorization_details === undefined ? undefined : checkAuthorizationDetails(authorization_details),
  };
}
