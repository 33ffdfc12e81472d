import { sameMaskinporten } from '../environments';
import { jsonPath } from '../jsonPath';
import { isExpression, isPlaceholder } from '../placeholders';
import { LintRule } from '../ruleContext';
import { GraviteeLintFinding } from '../types';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Keys expire one year after they were posted to Digdir (MP-121 "Expired key"); a definition
 * still pointing at such a key fails on every request.
 */
export const keyRule: LintRule = ctx => {
  if (!ctx.lookupKey) {
    return [];
  }
  const findings: GraviteeLintFinding[] = [];
  for (const step of ctx.generateJwtSteps) {
    const kid = step.configuration.kid;
    if (typeof kid !== 'string' || isPlaceholder(kid) || isExpression(kid)) continue;
    const path = jsonPath(step.path, 'configuration', 'kid');
    const key = ctx.lookupKey(kid);
    if (!key) {
      findings.push({
        rule: 'kid-unknown',
        severity: 'warning',
        path,
        message: `The kid "${kid}" is not a key Backstage holds, so its expiry is not tracked.`,
        fix: 'Generate a key for the integration in Backstage and use its kid, or record an externally managed kid with the maskinporten.no/key-id annotation.',
      });
      continue;
    }
    const expiresAt = key.expiresAt;
    const daysLeft = expiresAt ? (expiresAt.getTime() - ctx.now.getTime()) / DAY_MS : undefined;
    if (key.state === 'expired' || key.state === 'revoked' || (daysLeft !== undefined && daysLeft <= 0)) {
      findings.push({
        rule: 'key-expired',
        severity: 'error',
        path,
        message: `The key "${kid}" is ${key.state === 'revoked' ? 'revoked' : `expired${expiresAt ? ` (since ${expiresAt.toISOString().slice(0, 10)})` : ''}`}; Maskinporten rejects its grants (MP-121).`,
        fix: 'Rotate the key in Backstage, register the new key with Digdir, and use its kid here.',
      });
      continue;
    }
    if (daysLeft !== undefined && daysLeft <= ctx.keyWarningDays) {
      findings.push({
        rule: 'key-expiring',
        severity: 'warning',
        path,
        message: `The key "${kid}" expires in ${Math.ceil(daysLeft)} day(s), on ${expiresAt!.toISOString().slice(0, 10)}.`,
        fix: 'Rotate the key in Backstage (keep the old key registered until the new one works), then update this kid.',
      });
    }
    if (key.state === 'pending' || key.state === 'retiring') {
      findings.push({
        rule: 'key-state',
        severity: 'warning',
        path,
        message:
          key.state === 'pending'
            ? `The key "${kid}" is not active yet: it may not be registered with Digdir.`
            : `The key "${kid}" is being retired; a newer key is active.`,
        fix: "Use the integration's active key.",
      });
    }
    const env = ctx.endpointEnvironment ?? ctx.audienceEnvironment;
    if (key.environment && env && !sameMaskinporten(ctx.environments, key.environment, env.name)) {
      findings.push({
        rule: 'kid-environment-mismatch',
        severity: 'error',
        path,
        message: `The key "${kid}" belongs to ${key.environment}, but this API requests tokens from ${env.name} (MP-100/MP-124).`,
        fix: `Use a key of the ${env.name} integration.`,
      });
    }
    const issuer = step.configuration.issuer;
    if (key.clientId && typeof issuer === 'string' && !isExpression(issuer) && issuer !== key.clientId) {
      findings.push({
        rule: 'jwt-issuer',
        severity: 'error',
        path: jsonPath(step.path, 'configuration', 'issuer'),
        message: `The issuer "${issuer}" is not the client "${key.clientId}" the key "${kid}" is registered on (MP-100).`,
        fix: `Set issuer to "${key.clientId}".`,
      });
    }
  }
  return findings;
};
