import { GENERATED_JWT_ATTRIBUTE, JWT_BEARER_GRANT_TYPE, POLICY } from '../../constants';
import { jsonPath } from '../jsonPath';
import { LintRule } from '../ruleContext';
import { GraviteeLintFinding } from '../types';

const CORRECT_BODY = `grant_type=${encodeURIComponent(JWT_BEARER_GRANT_TYPE)}&assertion=\${context.attributes['${GENERATED_JWT_ATTRIBUTE}']}`;

/** The token request body the Assign Content policy builds around the generated grant. */
export const grantBodyRule: LintRule = ctx => {
  if (ctx.generateJwtSteps.length === 0) {
    return [];
  }
  const findings: GraviteeLintFinding[] = [];
  const bodies = ctx.model.steps.filter(
    step => step.policy === POLICY.assignContent && step.configuration.scope !== 'RESPONSE',
  );
  if (bodies.length === 0) {
    findings.push({
      rule: 'grant-body-missing',
      severity: 'warning',
      path: ctx.generateJwtSteps[0].path,
      message: `The generated grant is never put in a token request body (no ${POLICY.assignContent} step on the request).`,
      fix: `Add an Assign Content step after Generate JWT with body ${CORRECT_BODY}.`,
    });
  }
  for (const step of bodies) {
    const path = jsonPath(step.path, 'configuration', 'body');
    const body = step.configuration.body;
    const form = new URLSearchParams(typeof body === 'string' ? body.trim() : '');
    const grantType = form.get('grant_type');
    if (grantType !== JWT_BEARER_GRANT_TYPE) {
      findings.push({
        rule: 'grant-type',
        severity: 'error',
        path,
        message:
          grantType === null
            ? 'The token request body has no grant_type.'
            : `The token request uses grant_type ${JSON.stringify(grantType)}; Maskinporten only accepts ${JWT_BEARER_GRANT_TYPE}.`,
        fix: `Set body to ${CORRECT_BODY}.`,
      });
    }
    const assertion = form.get('assertion');
    if (assertion === null || !assertion.includes(GENERATED_JWT_ATTRIBUTE)) {
      findings.push({
        rule: 'grant-assertion',
        severity: 'error',
        path,
        message: `The token request body does not send the generated grant as assertion (context attribute ${GENERATED_JWT_ATTRIBUTE}).`,
        fix: `Set body to ${CORRECT_BODY}.`,
      });
    }
  }
  return findings;
};
