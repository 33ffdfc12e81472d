import siktTemplate from '../__fixtures__/sikt-maskinporten-api-template.json';
import { validatePolicyConfiguration, validateResourceConfiguration } from '../__testUtils__/schemaValidator';
import { POLICY_SCHEMAS, RESOURCE_SCHEMAS } from '.';

describe('policy schemas', () => {
  it('cover every policy and resource the renderer emits', () => {
    expect(Object.keys(POLICY_SCHEMAS).sort()).toEqual([
      'cache',
      'ip-filtering',
      'policy-assign-content',
      'policy-generate-jwt',
      'policy-override-request-method',
      'transform-headers',
      'transform-queryparams',
    ]);
    expect(Object.keys(RESOURCE_SCHEMAS)).toEqual(['cache']);
  });

  it.each<[string, unknown, RegExp]>([
    ['policy-generate-jwt', { signature: 'RSA_RS256', keyResolver: 'FILE', content: 'x' }, /keyResolver must be equal to one of the allowed values/],
    ['policy-generate-jwt', { signature: 'RSA_RS256', keyResolver: 'INLINE' }, /must have required property 'content'/],
    ['policy-generate-jwt', { signature: 'RSA_RS256', keyResolver: 'INLINE', content: 'x', expiresIn: '118' }, /expiresIn must be integer/],
    ['policy-generate-jwt', { signature: 'RSA_RS256', keyResolver: 'INLINE', content: 'x', audience: 'a' }, /must NOT have additional properties/],
    ['policy-generate-jwt', { signature: 'RSA_RS256', keyResolver: 'INLINE', content: 'x', customClaims: [{ name: 'scope' }] }, /must have required property 'value'/],
    ['ip-filtering', { whitelistIps: '192.0.2.0/24' }, /whitelistIps must be array/],
    ['policy-assign-content', { scope: 'REQUEST' }, /must have required property 'body'/],
    ['policy-assign-content', { scope: 'BOTH', body: '' }, /scope must be equal to one of the allowed values/],
    ['transform-headers', { addHeaders: [{ name: 'a' }] }, /must have required property 'value'/],
    ['transform-queryparams', { removeQueryParameters: [1] }, /must be string/],
    ['policy-override-request-method', { method: 'FETCH' }, /method must be equal to one of the allowed values/],
    ['cache', { timeToLiveSeconds: 118 }, /must have required property 'cacheName'/],
    ['cache', { cacheName: 'c', timeToLiveSeconds: 1, methods: ['FETCH'] }, /must be equal to one of the allowed values/],
    ['cache', { cacheName: 'c', timeToLiveSeconds: 1, scope: 'GLOBAL' }, /scope must be equal to one of the allowed values/],
    ['ip-filtering', { whitelistIps: [], lookupIpVersion: 'IPV5' }, /lookupIpVersion must be equal to one of the allowed values/],
  ])('%s rejects %j', (policy, configuration, message) => {
    const result = validatePolicyConfiguration(policy, configuration);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(message);
  });

  it("accept what Gravitee's schemas allow and older hand-written copies refused", () => {
    // ip-filtering: the four fields beyond the lists (gravitee-policy-ipfiltering 2.2.0)
    expect(
      validatePolicyConfiguration('ip-filtering', {
        whitelistIps: ['192.0.2.7/32'],
        useCustomIPAddress: false,
        customIPAddress: '',
        lookupIpVersion: 'IPV4',
        isInclusiveHostCount: true,
      }).valid,
    ).toBe(true);
    // cache: every HTTP method, including CONNECT and TRACE (gravitee-policy-cache 3.0.0)
    expect(validatePolicyConfiguration('cache', { cacheName: 'c', timeToLiveSeconds: 1, methods: ['CONNECT', 'TRACE'] }).valid).toBe(true);
    // override-method: CONNECT and TRACE too (gravitee-policy-override-http-method 2.2.1)
    expect(validatePolicyConfiguration('policy-override-request-method', { method: 'TRACE' }).valid).toBe(true);
    // transform-headers: the content scopes (gravitee-policy-transformheaders 5.2.0)
    expect(validatePolicyConfiguration('transform-headers', { scope: 'REQUEST_CONTENT' }).valid).toBe(true);
    // assign-content: scope and body are both required (gravitee-policy-assign-content 3.1.1)
    expect(validatePolicyConfiguration('policy-assign-content', { body: 'x' }).valid).toBe(false);
  });

  it('the cache resource rejects a negative or fractional TTL', () => {
    const base = { timeToIdleSeconds: 0, maxEntriesLocalHeap: 1000 };
    expect(validateResourceConfiguration('cache', { ...base, timeToLiveSeconds: -1 }).valid).toBe(false);
    expect(validateResourceConfiguration('cache', { ...base, timeToLiveSeconds: 1.5 }).valid).toBe(false);
    expect(validateResourceConfiguration('cache', { ...base, timeToLiveSeconds: 118 }).valid).toBe(true);
  });

  it("accept the Sikt template's Generate JWT and Assign Content, not its copy-pasted stray fields", () => {
    type Step = { policy: string; configuration: unknown };
    const steps = siktTemplate.flows.flatMap((flow): Step[] => flow.pre);
    const verdicts = Object.fromEntries(
      steps.map(step => [step.policy, validatePolicyConfiguration(step.policy, step.configuration).valid]),
    );
    expect(verdicts).toEqual({
      'ip-filtering': false, // carries cache/override fields (timeToLiveSeconds, rewriteResponseBody, …)
      'policy-generate-jwt': true,
      'policy-assign-content': true,
      'transform-queryparams': true,
      'transform-headers': true,
      'policy-override-request-method': false, // carries methods, addHeaders, timeToLiveSeconds, …
    });
  });
});
