import { createPrivateKey } from 'node:crypto';
import { POLICY } from '../../constants';
import { jsonPath } from '../jsonPath';
import { isExpression, isPlaceholder, looksLikePem } from '../placeholders';
import { LintRule } from '../ruleContext';
import { GraviteeLintFinding } from '../types';

/** Claims Digdir documents for a grant; the policy's own are iss, aud, iat, exp, jti (and sub). */
const ALLOWED_CUSTOM_CLAIMS = new Set(['scope', 'resource', 'consumer_org', 'pid', 'iss_onbehalfof', 'authorization_details']);
const GATEWAY_DEFAULT_ISSUER = 'urn://gravitee-api-gw';
const FILE_RESOLVERS = new Set(['PEM', 'JKS', 'PKCS12']);

export const generateJwtPresenceRule: LintRule = ctx =>
  ctx.generateJwtSteps.length > 0
    ? []
    : [
        {
          rule: 'generate-jwt-missing',
          severity: 'warning',
          path: jsonPath(ctx.model.base, 'flows'),
          message: `No enabled ${POLICY.generateJwt} step: this is not a Maskinporten token service, so most checks did not apply.`,
          fix: 'Lint the token-service API, or render one from Backstage.',
        },
      ];

/** How the Generate JWT policy signs: algorithm and where the key comes from. */
export const signingRule: LintRule = ctx => {
  const findings: GraviteeLintFinding[] = [];
  for (const step of ctx.generateJwtSteps) {
    const config = step.configuration;
    const at = (field: string) => jsonPath(step.path, 'configuration', field);
    const signature = config.signature ?? 'RSA_RS256';
    if (signature !== 'RSA_RS256') {
      findings.push({
        rule: 'jwt-signature',
        severity: 'error',
        path: at('signature'),
        message: `The grant is signed with ${JSON.stringify(signature)}; Maskinporten only accepts RSA signatures, and the policy's only one is RSA_RS256.`,
        fix: 'Set signature to RSA_RS256 and use the RSA private key registered on the client.',
      });
    }
    const resolver = String(config.keyResolver ?? 'INLINE');
    if (FILE_RESOLVERS.has(resolver)) {
      findings.push({
        rule: 'key-resolver-file',
        severity: 'warning',
        path: at('keyResolver'),
        message: `The key is read from a ${resolver} file; the policy caches the signer by file path, so a rotated key file only takes effect after a gateway restart.`,
        fix: 'Use keyResolver INLINE with the PEM in content (let Backstage deploy it), so a key rotation takes effect on redeploy.',
      });
      continue;
    }
    const content = config.content;
    if (typeof content === 'string' && isExpression(content)) {
      // gravitee-policy-generate-jwt 1.8.0–1.8.3, GenerateJwtPolicy.java: content goes to
      // JWK.parseFromPEMEncodedObjects as it is; no expression language, no secret resolution.
      findings.push({
        rule: 'key-content-expression',
        severity: 'error',
        path: at('content'),
        message: 'The key is an expression; the Generate JWT policy (1.8.x) reads content as it is and never evaluates it, so it cannot sign.',
        fix: "Put the RSA private key PEM in content (let Backstage deploy it), and keep the definition a secret.",
      });
      continue;
    }
    if (typeof content !== 'string' || !looksLikePem(content)) {
      if (typeof content === 'string' && !isPlaceholder(content)) {
        findings.push({
          rule: 'key-content-invalid',
          severity: 'error',
          path: at('content'),
          message: 'The key is not a PEM private key.',
          fix: 'Put the RSA private key PEM of the kid in content.',
        });
      }
      continue;
    }
    if (!isPrivateRsaPem(content)) {
      findings.push({
        rule: 'key-content-invalid',
        severity: 'error',
        path: at('content'),
        message: 'The key PEM is not an unencrypted RSA private key (a public key or certificate cannot sign).',
        fix: 'Use the private key that belongs to the kid.',
      });
    } else {
      findings.push({
        rule: 'key-inline',
        severity: 'warning',
        path: at('content'),
        message: 'The definition contains a private key: anyone who can read the definition (export, Git, chat) can impersonate the client.',
        fix: 'Keep the definition a secret: let Backstage deploy it (the key then only travels to the management API), or download it with secrets=placeholder; rotate the key if this file was shared.',
      });
    }
  }
  return findings;
};

function isPrivateRsaPem(pem: string): boolean {
  if (!pem.includes('-----BEGIN PRIVATE KEY-----') && !pem.includes('-----BEGIN RSA PRIVATE KEY-----')) {
    return false;
  }
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
}

/** The claims Maskinporten checks beyond aud and exp. */
export const claimsRule: LintRule = ctx => {
  const findings: GraviteeLintFinding[] = [];
  for (const step of ctx.generateJwtSteps) {
    const config = step.configuration;
    const at = (...segments: Array<string | number>) => jsonPath(step.path, 'configuration', ...segments);
    const issuer = config.issuer;
    if (issuer === undefined || issuer === GATEWAY_DEFAULT_ISSUER || isPlaceholder(issuer)) {
      findings.push({
        rule: 'jwt-issuer',
        severity: 'error',
        path: at('issuer'),
        message: `The grant's issuer is ${issuer === undefined ? `unset (the gateway then sends "${GATEWAY_DEFAULT_ISSUER}")` : JSON.stringify(issuer)}; Maskinporten needs the client id (MP-100).`,
        fix: "Set issuer to the integration's client id.",
      });
    }
    const claims = Array.isArray(config.customClaims) ? config.customClaims : [];
    const names = claims.map(claim => (claim && typeof claim === 'object' ? (claim as { name?: unknown }).name : undefined));
    if (!names.includes('scope')) {
      findings.push({
        rule: 'jwt-claims',
        severity: 'error',
        path: at('customClaims'),
        message: 'The grant has no scope claim; Maskinporten needs the requested scopes in it.',
        fix: "Add the custom claim scope = {#request.headers['scope'][0]}.",
      });
    }
    names.forEach((name, i) => {
      if (typeof name === 'string' && !ALLOWED_CUSTOM_CLAIMS.has(name)) {
        findings.push({
          rule: 'jwt-claims',
          severity: 'error',
          path: at('customClaims', i, 'name'),
          message: `The grant carries the claim "${name}", which Maskinporten does not document; it rejects the grant as an invalid assertion.`,
          fix: 'Remove the claim.',
        });
      }
    });
    if (typeof config.subject === 'string' && config.subject !== '') {
      findings.push({
        rule: 'jwt-claims',
        severity: 'error',
        path: at('subject'),
        message: 'The grant carries a sub claim, which Maskinporten does not document; it rejects the grant as an invalid assertion.',
        fix: 'Remove subject.',
      });
    }
    if (typeof config.id === 'string' && config.id !== '' && !isExpression(config.id)) {
      findings.push({
        rule: 'jwt-claims',
        severity: 'error',
        path: at('id'),
        message: `Every grant gets the fixed jti ${JSON.stringify(config.id)}; Maskinporten rejects a reused jti (MP-012).`,
        fix: 'Remove id, so the policy generates a fresh UUID per grant.',
      });
    }
  }
  return findings;
};
