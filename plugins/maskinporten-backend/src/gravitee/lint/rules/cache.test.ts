import { findings, renderedV2, renderedV4, summary } from '../../__testUtils__/lint';

const V2_CACHE = '$.plans[0].flows[0].pre[0].configuration';
const V4_CACHE = '$.plans[0].flows[0].request[0].configuration';
const v2Cache = (d: any) => d.plans[0].flows[0].pre[0].configuration;
const v2Resource = (d: any) => d.resources[0].configuration;

describe('cache-ttl', () => {
  it('reports a cache policy that keeps tokens longer than they live', () => {
    const definition = renderedV2();
    v2Cache(definition).timeToLiveSeconds = 3599;
    const [finding] = findings(definition, 'cache-ttl');
    expect(summary([finding])).toEqual([`cache-ttl@${V2_CACHE}.timeToLiveSeconds (error)`]);
    expect(finding.message).toContain('3599 s, longer than the 120 s');
    expect(finding.fix).toBe('Set timeToLiveSeconds to 118 or less (access tokens live 120 s).');
  });

  it('reports the cache resource of a v2 API on the V3 engine, including a TTL of 0 (never expire) or none', () => {
    for (const ttl of [3599, 0, undefined]) {
      const definition = renderedV2();
      definition.execution_mode = 'v3';
      if (ttl === undefined) delete v2Resource(definition).timeToLiveSeconds;
      else v2Resource(definition).timeToLiveSeconds = ttl;
      expect(summary(findings(definition, 'cache-ttl'))).toEqual([
        '$.resources[0].configuration.timeToLiveSeconds',
      ].map(p => `cache-ttl@${p} (error)`));
    }
  });

  it("leaves the resource alone on the V4 engine and V2 emulation, which use the policy's TTL per entry", () => {
    const v2 = renderedV2();
    v2Resource(v2).timeToLiveSeconds = 0;
    const v4 = renderedV4();
    v4.api.resources[0].configuration.timeToLiveSeconds = 3600;
    expect(findings(v2, 'cache-ttl')).toEqual([]);
    expect(findings(v4, 'cache-ttl')).toEqual([]);
  });

  it('counts an unset policy TTL as the policy default of 600 s', () => {
    const definition = renderedV2();
    delete v2Cache(definition).timeToLiveSeconds;
    expect(summary(findings(definition, 'cache-ttl'))).toEqual([`cache-ttl@${V2_CACHE} (error)`]);
  });

  it('warns when the TTL leaves no margin (119 or 120 of 120 s), accepts 118', () => {
    for (const [ttl, expected] of [[119, 'warning'], [120, 'warning'], [118, undefined]] as const) {
      const definition = renderedV4();
      definition.plans[0].flows[0].request[0].configuration.timeToLiveSeconds = ttl;
      expect(findings(definition, 'cache-ttl').map(f => `${f.path} ${f.severity}`)).toEqual(
        expected ? [`${V4_CACHE}.timeToLiveSeconds ${expected}`] : [],
      );
    }
  });

  it('judges against the access-token lifetime given in the context', () => {
    const definition = renderedV2();
    expect(findings(definition, 'cache-ttl', { accessTokenLifetimeSeconds: 60 }).map(f => f.severity)).toEqual([
      'error',
    ]);
    definition.execution_mode = 'v3';
    expect(findings(definition, 'cache-ttl', { accessTokenLifetimeSeconds: 60 }).map(f => f.severity)).toEqual([
      'error',
      'error',
    ]);
  });

  it('takes the configured TTL as the bound with useResponseCacheHeaders (headers can only shorten it)', () => {
    const definition = renderedV2();
    v2Cache(definition).useResponseCacheHeaders = true;
    expect(findings(definition, 'cache-ttl')).toEqual([]);
    v2Cache(definition).timeToLiveSeconds = 3599;
    expect(summary(findings(definition, 'cache-ttl'))).toEqual([`cache-ttl@${V2_CACHE}.timeToLiveSeconds (error)`]);
  });

  it('checks other cache resource types (e.g. cache-redis) too, on the V3 engine', () => {
    const definition = renderedV2();
    definition.execution_mode = 'v3';
    definition.resources[0].type = 'cache-redis';
    definition.resources[0].configuration.timeToLiveSeconds = 3600;
    expect(summary(findings(definition, 'cache-ttl'))).toEqual([
      'cache-ttl@$.resources[0].configuration.timeToLiveSeconds (error)',
    ]);
  });

  it('says nothing about caches in an API that is not a token service', () => {
    const definition = renderedV2();
    definition.flows[0].pre = definition.flows[0].pre.filter((step: any) => step.policy !== 'policy-generate-jwt');
    definition.execution_mode = 'v3';
    v2Cache(definition).timeToLiveSeconds = 86_400;
    v2Resource(definition).timeToLiveSeconds = 0;
    expect(findings(definition, 'cache-ttl')).toEqual([]);
  });
});

describe('cache-key', () => {
  it('warns when the key does not include the scope header', () => {
    const definition = renderedV2();
    v2Cache(definition).key = "{#request.headers['X-Gravitee-Api-Key']}";
    expect(summary(findings(definition, 'cache-key'))).toEqual([`cache-key@${V2_CACHE}.key (warning)`]);
    delete v2Cache(definition).key;
    expect(findings(definition, 'cache-key')).toHaveLength(1);
  });

  it('warns when the cache is shared across applications', () => {
    const definition = renderedV2();
    v2Cache(definition).scope = 'API';
    expect(summary(findings(definition, 'cache-key'))).toEqual([`cache-key@${V2_CACHE}.scope (warning)`]);
  });
});
