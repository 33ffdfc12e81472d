import { jsonPath } from '../jsonPath';
import { ver2Replacement } from '../environments';
import { asList, isExpression, isPlaceholder } from '../placeholders';
import { LintRule, RuleContext } from '../ruleContext';
import { GraviteeLintFinding } from '../types';

function expectedIssuer(ctx: RuleContext): string {
  const env = ctx.endpointEnvironment ?? ctx.audienceEnvironment;
  if (env) {
    return `"${env.issuer}" (the issuer of ${env.name})`;
  }
  const issuers = ctx.environments.map(e => `${e.name}: ${e.issuer}`).join(', ');
  return issuers ? `the environment's issuer (${issuers})` : "the environment's issuer, with its trailing slash";
}

/**
 * Maskinporten accepts exactly one `aud`: its issuer, trailing slash included. Every wrong
 * value here comes back as MP-110, which says nothing about which part is wrong.
 */
export const audienceRule: LintRule = ctx => {
  const findings: GraviteeLintFinding[] = [];
  for (const step of ctx.generateJwtSteps) {
    const audiencesPath = jsonPath(step.path, 'configuration', 'audiences');
    const raw = step.configuration.audiences;
    const audiences = asList(raw);
    if (audiences.length !== 1) {
      findings.push({
        rule: 'audience-count',
        severity: 'error',
        path: audiencesPath,
        message:
          audiences.length === 0
            ? 'The Generate JWT policy has no audience; Maskinporten requires aud to be its issuer.'
            : `The Generate JWT policy has ${audiences.length} audiences; it then writes aud as an array, and Maskinporten requires a single string.`,
        fix: `Set audiences to exactly one value: ${expectedIssuer(ctx)}.`,
      });
    }
    audiences.forEach((value, i) => {
      const path = Array.isArray(raw) ? jsonPath(audiencesPath, i) : audiencesPath;
      if (typeof value !== 'string' || isPlaceholder(value)) {
        return; // reported by placeholder-audience
      }
      findings.push(...checkAudience(ctx, value, path));
    });
  }
  return findings;
};

function checkAudience(ctx: RuleContext, value: string, path: string): GraviteeLintFinding[] {
  if (isExpression(value)) {
    return [
      {
        rule: 'audience-unknown',
        severity: 'warning',
        path,
        message: `The audience ${value} is an expression, so it cannot be checked before a request is made.`,
        fix: `Prefer the literal issuer ${expectedIssuer(ctx)}.`,
      },
    ];
  }
  const c = ctx.classify(value);
  if (c.ver2) {
    return [
      {
        rule: 'audience-ver2',
        severity: 'error',
        path,
        message: `The audience ${value} is on ver2.maskinporten.no, which was shut down on 2024-06-10.`,
        fix: `Use the test environment's issuer, ${ver2Replacement(ctx.environments)}, and its token endpoint.`,
      },
    ];
  }
  const findings: GraviteeLintFinding[] = [];
  const env = c.environment;
  if (!c.url) {
    findings.push({
      rule: 'audience-not-url',
      severity: 'error',
      path,
      message: `The audience "${value}" is not a URL; Maskinporten expects its issuer.`,
      fix: `Set it to ${expectedIssuer(ctx)}.`,
    });
  } else if (c.role === 'token-endpoint' || (!env && (c.url.pathname.endsWith('/token') || c.url.pathname.endsWith('/token/')))) {
    findings.push({
      rule: 'audience-token-endpoint',
      severity: 'error',
      path,
      message: `The audience ${value} is a token endpoint; Maskinporten no longer accepts the token endpoint as aud (MP-110).`,
      fix: `Use the issuer instead: ${env ? `"${env.issuer}"` : expectedIssuer(ctx)}.`,
    });
  } else if (c.role === 'issuer-without-slash') {
    findings.push({
      rule: 'audience-trailing-slash',
      severity: 'error',
      path,
      message: `The audience ${value} lacks the trailing slash; Maskinporten compares aud to "${env!.issuer}" exactly (MP-110).`,
      fix: `Set it to "${env!.issuer}".`,
    });
  } else if (c.role === 'other-path') {
    findings.push({
      rule: 'audience-not-issuer',
      severity: 'error',
      path,
      message: `The audience ${value} is on ${env!.name}'s host but is not its issuer "${env!.issuer}".`,
      fix: `Set it to "${env!.issuer}".`,
    });
  } else if (!env) {
    findings.push({
      rule: 'audience-unknown',
      severity: 'warning',
      path,
      message: `The audience ${value} is not the issuer of any configured Maskinporten environment.`,
      fix: `Set it to ${expectedIssuer(ctx)}, or configure this environment under maskinporten.environments.`,
    });
  }
  const endpointEnv = ctx.endpointEnvironment;
  if (env && endpointEnv && env.name !== endpointEnv.name) {
    findings.push({
      rule: 'audience-environment-mismatch',
      severity: 'error',
      path,
      message: `The audience belongs to ${env.name}, but the API sends the grant to ${endpointEnv.name}; ${endpointEnv.name} rejects it (MP-110).`,
      fix: `Use ${endpointEnv.name}'s issuer "${endpointEnv.issuer}", or point the endpoint at ${env.name}'s token endpoint ${env.tokenEndpoint}.`,
    });
  }
  return findings;
}
