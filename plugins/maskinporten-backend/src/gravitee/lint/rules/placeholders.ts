import { jsonPath } from '../jsonPath';
import { asList, isExpression, isPlaceholder, looksLikePem } from '../placeholders';
import { LintRule } from '../ruleContext';
import { GraviteeLintFinding } from '../types';

const shown = (value: unknown) =>
  value === undefined ? 'missing' : `${JSON.stringify(value).slice(0, 80)}`;

/** Template values nobody filled in: the API would start, and every token request would fail. */
export const placeholderRule: LintRule = ctx => {
  const findings: GraviteeLintFinding[] = [];
  for (const step of ctx.generateJwtSteps) {
    const config = step.configuration;
    const usesX5c = config.x509CertificateChain === 'X5C';
    // With an x5c chain (enterprise certificate) Maskinporten takes no kid.
    if (!usesX5c && isPlaceholder(config.kid)) {
      findings.push({
        rule: 'placeholder-kid',
        severity: 'error',
        path: jsonPath(step.path, 'configuration', 'kid'),
        message: `The kid is ${shown(config.kid)}, a placeholder; Maskinporten needs the kid of a key registered on the client.`,
        fix: 'Set kid to the active key of the integration (shown on its Backstage card), or render the definition from Backstage.',
      });
    }

    const content = config.content;
    const keyIsPlaceholder =
      typeof content !== 'string' ||
      (!looksLikePem(content) && !isExpression(content) && isPlaceholder(content));
    if (keyIsPlaceholder) {
      findings.push({
        rule: 'placeholder-key',
        severity: 'error',
        path: jsonPath(step.path, 'configuration', 'content'),
        message: `The private key is ${typeof content === 'string' ? 'a placeholder' : 'missing'}; the policy cannot sign the grant.`,
        fix: "Let Backstage deploy the token service, or paste the key's PEM from an audited export.",
      });
    }

    const audiences = config.audiences;
    asList(audiences).forEach((value, i) => {
      if (isPlaceholder(value)) {
        findings.push({
          rule: 'placeholder-audience',
          severity: 'error',
          path: Array.isArray(audiences)
            ? jsonPath(step.path, 'configuration', 'audiences', i)
            : jsonPath(step.path, 'configuration', 'audiences'),
          message: `The audience is ${shown(value)}, a placeholder; Maskinporten requires its issuer.`,
          fix: ctx.endpointEnvironment
            ? `Set it to "${ctx.endpointEnvironment.issuer}" (the issuer of ${ctx.endpointEnvironment.name}).`
            : `Set it to the issuer of the environment, e.g. ${ctx.environments.map(e => e.issuer).join(' or ') || 'https://test.maskinporten.no/'}.`,
        });
      }
    });
  }
  return findings;
};
