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

  it('reports the cache resource, including a TTL of 0 (entries never expire) or none', () => {
    for (const ttl of [3599, 0, undefined]) {
      const definition = renderedV2();
      if (ttl === undefined) delete v2Resource(definition).timeToLiveSeconds;
      else v2Resource(definition).timeToLiveSeconds = ttl;
      expect(summary(findings(definition, 'cache-ttl'))).toEqual([
        '$.resources[0].configuration.timeToLiveSeconds',
      ].map(p => `cache-ttl@${p} (error)`));
    }
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
      'error',
    ]);
  });

  it('warns when response headers may set the TTL', () => {
    const definition = renderedV2();
    v2Cache(definition).useResponseCacheHeaders = true;
    expect(summary(findings(definition, 'cache-ttl'))).toEqual([
      `cache-ttl@${V2_CACHE}.useResponseCacheHeaders (warning)`,
    ]);
  });

  it('checks other cache resource types (e.g. cache-redis) too', () => {
    const definition = renderedV4();
    definition.api.resources[0].type = 'cache-redis';
    definition.api.resources[0].configuration.timeToLiveSeconds = 3600;
    expect(summary(findings(definition, 'cache-ttl'))).toEqual([
      'cache-ttl@$.api.resources[0].configuration.timeToLiveSeconds (error)',
    ]);
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
