import type { SimulatorClient } from '../clients';
import { mpError } from '../errors';
import type { ScopeRegistry } from '../scopes';

/*
 * Scope rules at token time, with the codes of "Feilsøking i Maskinporten"
 * (https://docs.digdir.no/docs/Maskinporten/maskinporten_feilsoking):
 * MP-200 "Token request contains invalid scopes for client", MP-201 "Token request
 * contains scopes not allowed for maskinporten", MP-250 "Consumer has not been granted
 * access to the scope <scope>", MP-251 "Consumer <org> has not delegated access to the
 * scope <scope> to supplier <org>".
 */

/** Every requested scope must be registered on the client. Returns the scopes to grant. */
export function checkScopes(scope: string | undefined, client: SimulatorClient): string[] {
  const requested = [...new Set((scope ?? '').split(/\s+/).filter(Boolean))];
  if (requested.length === 0) {
    throw mpError(
      'invalid_scope',
      'MP-200',
      'Invalid scope: no scope requested; send the scope claim with the scopes registered on the client',
    );
  }
  const missing = requested.filter(s => !client.scopes.includes(s));
  if (missing.length > 0) {
    throw mpError(
      'invalid_scope',
      'MP-200',
      `Invalid scope: token request contains invalid scopes for client: ${missing
        .slice(0, 10)
        .map(s => `"${s.slice(0, 100)}"`)
        .join(', ')} ${missing.length > 1 ? 'are' : 'is'} not registered on client ${client.clientId}`,
    );
  }
  return requested;
}

/**
 * Has the consumer (the client's organisation, or `consumer_org`) been granted each scope
 * by its API provider (`PUT /scopes/access/{orgno}`), or is the scope accessible for all?
 */
export function checkScopeAccess(scopes: string[], consumerOrgno: string, registry: ScopeRegistry): void {
  for (const scope of scopes) {
    const use = registry.use(scope, consumerOrgno);
    if (use.ok) {
      continue;
    }
    switch (use.reason) {
      case 'inactive':
        throw mpError('invalid_scope', 'MP-200', `Invalid scope: "${scope}" has been deactivated by its API provider`);
      case 'not-for-maskinporten':
        throw mpError(
          'invalid_scope',
          'MP-201',
          `Invalid scope: token request contains scopes not allowed for maskinporten: "${scope}" (its allowed_integration_types lack maskinporten)`,
        );
      default:
        throw mpError(
          'access_denied',
          'MP-250',
          `Consumer ${consumerOrgno} has not been granted access to the scope ${scope}`,
        );
    }
  }
}

/**
 * `consumer_org`: the consumer must have delegated to the supplier in Altinn. The
 * simulator stands in for Altinn with each client's `consumerOrgs`.
 */
export function checkDelegation(
  consumerOrg: string | undefined,
  scopes: string[],
  client: SimulatorClient,
  supplierOrgno: string,
): void {
  if (consumerOrg !== undefined && !client.consumerOrgs.includes(consumerOrg)) {
    throw mpError(
      'access_denied',
      'MP-251',
      `No delegation: consumer ${consumerOrg} has not delegated access to the scope ${scopes.join(' ')} to supplier ${supplierOrgno} (client ${client.clientId})`,
    );
  }
}
