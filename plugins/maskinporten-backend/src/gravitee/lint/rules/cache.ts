import { CACHE_TTL_MARGIN_SECONDS, POLICY, SCOPE_HEADER } from '../../constants';
import { jsonPath } from '../jsonPath';
import { LintRule } from '../ruleContext';
import { GraviteeLintFinding } from '../types';

/** The cache policy's own default when timeToLiveSeconds is unset. */
const POLICY_DEFAULT_TTL = 600;

/**
 * The cache holds access tokens. An entry that outlives the token hands consumers an expired
 * token; one that lives almost as long hands out tokens with a second left. Only for token
 * services (an API with a Generate JWT step): elsewhere a long cache is nobody's business.
 *
 * What bounds an entry (gravitee-policy-cache 3.0.0, `CacheInvoker#resolveTimeToLive`, and
 * `CachePolicyV3` for the V3 engine): the policy's timeToLiveSeconds, always; with
 * useResponseCacheHeaders the response's Cache-Control or Expires can only shorten it. The
 * cache resource's own timeToLiveSeconds, where 0 means "never expire", only governs entries
 * on the V3 engine (a v2 API with `"execution_mode": "v3"`); the V4 engine and its emulation
 * of v2 store each entry with the policy's TTL.
 */
export const cacheTtlRule: LintRule = ctx => {
  const findings: GraviteeLintFinding[] = [];
  if (ctx.generateJwtSteps.length === 0) {
    return findings;
  }
  const lifetime = ctx.accessTokenLifetimeSeconds;
  const recommended = lifetime - CACHE_TTL_MARGIN_SECONDS;
  const fix = `Set timeToLiveSeconds to ${recommended} or less (access tokens live ${lifetime} s).`;

  const judge = (ttl: number, path: string, what: string) => {
    if (ttl > lifetime) {
      findings.push({
        rule: 'cache-ttl',
        severity: 'error',
        path,
        message: `${what} keeps tokens for ${ttl} s, longer than the ${lifetime} s they are valid; consumers get expired tokens (401 from the API they call).`,
        fix,
      });
    } else if (ttl > recommended) {
      findings.push({
        rule: 'cache-ttl',
        severity: 'warning',
        path,
        message: `${what} keeps tokens for ${ttl} s of their ${lifetime} s lifetime; a consumer can be handed a token about to expire.`,
        fix,
      });
    }
  };

  for (const step of ctx.model.steps) {
    if (step.policy !== POLICY.cache) continue;
    const config = step.configuration;
    const raw = config.timeToLiveSeconds;
    const ttl = raw === undefined ? POLICY_DEFAULT_TTL : Number(raw);
    if (Number.isFinite(ttl) && ttl > 0) {
      judge(
        ttl,
        raw === undefined ? jsonPath(step.path, 'configuration') : jsonPath(step.path, 'configuration', 'timeToLiveSeconds'),
        raw === undefined ? `The cache policy (default TTL ${POLICY_DEFAULT_TTL} s)` : 'The cache policy',
      );
    }
  }

  for (const resource of ctx.model.v3ExecutionMode ? ctx.model.resources : []) {
    if (!resource.type?.startsWith('cache')) continue;
    const raw = resource.configuration.timeToLiveSeconds;
    const ttl = Number(raw ?? 0);
    const path = jsonPath(resource.path, 'configuration', 'timeToLiveSeconds');
    const what = `The cache resource "${resource.name ?? resource.type}"`;
    if (!Number.isFinite(ttl) || ttl <= 0) {
      findings.push({
        rule: 'cache-ttl',
        severity: 'error',
        path,
        message: `${what} has timeToLiveSeconds ${JSON.stringify(raw)}; on the V3 engine this API runs on, entries then never expire.`,
        fix,
      });
    } else {
      judge(ttl, path, what);
    }
  }
  return findings;
};

/**
 * A token is only right for the scopes and the application it was requested for; a cache
 * key without the scope, or shared across applications, hands out someone else's token.
 */
export const cacheKeyRule: LintRule = ctx => {
  const findings: GraviteeLintFinding[] = [];
  for (const step of ctx.model.steps) {
    if (step.policy !== POLICY.cache) continue;
    const config = step.configuration;
    const key = typeof config.key === 'string' ? config.key : '';
    if (!keyReadsScopeHeader(key)) {
      findings.push({
        rule: 'cache-key',
        severity: 'warning',
        path: jsonPath(step.path, 'configuration', 'key'),
        message: `The cache key ${JSON.stringify(config.key ?? '')} does not include the ${SCOPE_HEADER} header, so a token for one set of scopes is returned for another.`,
        fix: `Set key to {#request.headers['${SCOPE_HEADER}']}.`,
      });
    }
    if (config.scope === 'API') {
      findings.push({
        rule: 'cache-key',
        severity: 'warning',
        path: jsonPath(step.path, 'configuration', 'scope'),
        message: 'The cache is shared by all applications, so one subscriber gets tokens requested by another.',
        fix: 'Set scope to APPLICATION.',
      });
    }
  }
  return findings;
};

/** `headers['scope']` in the key, whitespace and letter case aside; plain string code (linear). */
function keyReadsScopeHeader(key: string): boolean {
  let compact = '';
  for (const c of key.toLowerCase()) {
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') compact += c;
  }
  return compact.includes(`headers['${SCOPE_HEADER.toLowerCase()}'`);
}
