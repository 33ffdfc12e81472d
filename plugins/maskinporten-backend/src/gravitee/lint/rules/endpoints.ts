import { jsonPath } from '../jsonPath';
import { ver2Replacement } from '../environments';
import { LintRule } from '../ruleContext';
import { GraviteeLintFinding } from '../types';

/**
 * A grant is signed for one environment's audience, so it can only ever succeed at that
 * environment's token endpoint. An endpoint elsewhere (typically a "backup" pointing at the
 * other environment) turns an outage into confusing MP-110/MP-100 errors. Only for token
 * services: another API's endpoints are its backends, not Maskinporten.
 */
export const endpointEnvironmentRule: LintRule = ctx => {
  const findings: GraviteeLintFinding[] = [];
  if (ctx.generateJwtSteps.length === 0) {
    return findings;
  }
  const reference = ctx.endpointEnvironment ?? ctx.audienceEnvironment;
  const firstKnown = ctx.model.endpoints
    .map(endpoint => (endpoint.target ? ctx.classify(endpoint.target).environment : undefined))
    .find(Boolean);
  const expected = reference ?? firstKnown;

  for (const endpoint of ctx.model.endpoints) {
    if (!endpoint.target) continue;
    const c = ctx.classify(endpoint.target);
    const label = `${endpoint.backup ? 'Backup endpoint' : 'Endpoint'} "${endpoint.name}"`;
    if (c.ver2) {
      findings.push({
        rule: 'endpoint-ver2',
        severity: 'error',
        path: endpoint.targetPath,
        message: `${label} targets ${endpoint.target}; ver2.maskinporten.no was shut down on 2024-06-10.`,
        fix: `Target the test environment's token endpoint instead (issuer ${ver2Replacement(ctx.environments)}).`,
      });
      continue;
    }
    const env = c.environment;
    if (!env) {
      findings.push({
        rule: 'endpoint-target',
        severity: 'warning',
        path: endpoint.targetPath,
        message: `${label} targets ${endpoint.target}, which is not a configured Maskinporten environment.`,
        fix: `Target one environment's token endpoint (${ctx.environments.map(e => `${e.name}: ${e.tokenEndpoint}`).join(', ') || 'configure maskinporten.environments'}).`,
      });
      continue;
    }
    if (c.role !== 'token-endpoint') {
      findings.push({
        rule: 'endpoint-target',
        severity: 'warning',
        path: endpoint.targetPath,
        message: `${label} targets ${endpoint.target}, not ${env.name}'s token endpoint ${env.tokenEndpoint}.`,
        fix: `Set the target to ${env.tokenEndpoint}.`,
      });
    }
    if (expected && env.name !== expected.name) {
      findings.push({
        rule: 'endpoint-cross-environment',
        severity: 'error',
        path: endpoint.backup ? endpoint.path : endpoint.targetPath,
        message:
          `${label} targets ${env.name} (${endpoint.target}), but the API's grants are for ${expected.name}; ` +
          `${env.name} can never accept them${endpoint.backup ? ', so failing over to it only hides the outage' : ''}.`,
        fix: `Remove this endpoint; keep only ${expected.name}'s token endpoint ${expected.tokenEndpoint}, and render a separate API per environment.`,
      });
    }
  }
  return findings;
};

/** The gateway sends the signed grant and receives the access token over this connection. */
export const endpointTlsRule: LintRule = ctx => {
  const findings: GraviteeLintFinding[] = [];
  for (const tls of ctx.model.tls) {
    if (tls.trustAll === true) {
      findings.push({
        rule: 'endpoint-tls-verification',
        severity: 'error',
        path: jsonPath(tls.path, 'trustAll'),
        message: 'The endpoint trusts any certificate, so anyone in the network path can impersonate Maskinporten and collect grants and tokens.',
        fix: 'Set trustAll to false.',
      });
    }
    if (tls.hostnameVerifier === false) {
      findings.push({
        rule: 'endpoint-tls-verification',
        severity: 'warning',
        path: jsonPath(tls.path, 'hostnameVerifier'),
        message: "The endpoint does not check that the certificate is Maskinporten's own host name.",
        fix: 'Set hostnameVerifier to true.',
      });
    }
  }
  return findings;
};
