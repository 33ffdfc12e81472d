import { parseDefinition } from './model';
import { buildRuleContext, LintRule } from './ruleContext';
import { audienceRule } from './rules/audience';
import { cacheKeyRule, cacheTtlRule } from './rules/cache';
import { endpointEnvironmentRule, endpointTlsRule } from './rules/endpoints';
import { claimsRule, generateJwtPresenceRule, signingRule } from './rules/generateJwt';
import { grantBodyRule } from './rules/grantBody';
import { ipFilterHostCountRule } from './rules/ipFiltering';
import { jwtLifetimeRule } from './rules/jwtLifetime';
import { keyRule } from './rules/keys';
import { placeholderRule } from './rules/placeholders';
import { GraviteeLintContext, GraviteeLintFinding, GraviteeLintResult, GraviteeLintSeverity } from './types';

const RULES: LintRule[] = [
  generateJwtPresenceRule,
  placeholderRule,
  audienceRule,
  jwtLifetimeRule,
  signingRule,
  claimsRule,
  keyRule,
  grantBodyRule,
  endpointEnvironmentRule,
  endpointTlsRule,
  ipFilterHostCountRule,
  cacheTtlRule,
  cacheKeyRule,
];

const SEVERITY_ORDER: Record<GraviteeLintSeverity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Checks a Gravitee v2 or v4 definition (or a v4 import payload) of a Maskinporten token
 * service against Digdir's rules and the Sikt template's known pitfalls.
 *
 * Throws {@link GraviteeDefinitionError} when `json` is not a definition we can lint.
 */
export function lintGraviteeDefinition(json: unknown, context: GraviteeLintContext): GraviteeLintResult {
  const model = parseDefinition(json);
  const ctx = buildRuleContext(model, context);
  const findings: GraviteeLintFinding[] = RULES.flatMap(rule => rule(ctx));
  // Stable order, most severe first, so UIs and CI logs read top-down.
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return { version: model.version, findings };
}

/**
 * Every kid a definition's Generate JWT steps use, so a caller can load those keys before a
 * (synchronous) lint run. Throws like {@link lintGraviteeDefinition} for non-definitions.
 */
export function extractGraviteeKids(json: unknown): string[] {
  const model = parseDefinition(json);
  const kids = model.steps
    .filter(step => step.policy === 'policy-generate-jwt')
    .map(step => step.configuration.kid)
    .filter((kid): kid is string => typeof kid === 'string' && kid !== '');
  return [...new Set(kids)];
}
