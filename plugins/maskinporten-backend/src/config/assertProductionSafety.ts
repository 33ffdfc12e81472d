import { MaskinportenConfig } from './readMaskinportenConfig';
import { RunMode } from './runMode';

/**
 * Refuses, in production, configuration that only makes sense against the simulators:
 * plain-http Maskinporten, Digdir or Gravitee URLs (grants, access tokens and, for Gravitee,
 * private keys would cross the network unencrypted) and static self-service admin tokens
 * (real Digdir accepts only Maskinporten tokens of an admin client; a static token is the
 * simulator's, and its values are published in this repository). Each refusal names the key.
 */
export function assertProductionSafety(config: MaskinportenConfig, mode: RunMode): void {
  if (mode !== 'production') {
    return;
  }
  const problems: string[] = [];
  const requireHttps = (url: string | undefined, key: string) => {
    if (url !== undefined && new URL(url).protocol !== 'https:') {
      problems.push(`${key} must be an https URL in production, got "${url}"`);
    }
  };
  for (const [name, environment] of config.environments) {
    const key = `maskinporten.environments.${name}`;
    requireHttps(environment.issuer, `${key}.issuer`);
    requireHttps(environment.tokenEndpoint, `${key}.tokenEndpoint`);
    requireHttps(environment.selfService?.baseUrl, `${key}.selfService.baseUrl`);
    if (environment.selfService?.auth.kind === 'adminToken') {
      problems.push(
        `${key}.selfService.auth.adminToken is accepted only by the Maskinporten simulator; in production configure selfService.auth.clientId and privateKey (the admin client that signs with the enterprise certificate)`,
      );
    }
  }
  requireHttps(config.gravitee.deploy?.managementUrl, 'maskinporten.gravitee.managementUrl');
  // Token requests through the gateway carry an API key and get an access token back.
  requireHttps(config.gravitee.deploy?.gatewayUrl, 'maskinporten.gravitee.gatewayUrl');
  if (problems.length > 0) {
    throw new Error(
      `Refusing to start with simulator-only configuration outside NODE_ENV=development/test: ${problems.join('; ')}`,
    );
  }
}
