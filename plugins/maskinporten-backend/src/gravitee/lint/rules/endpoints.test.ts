import { findings, lint, renderedV2, renderedV4, summary } from '../../__testUtils__/lint';

const prodEndpoint = { name: 'PROD', target: 'https://maskinporten.no/token', weight: 1, backup: true, type: 'http', inherit: true };

describe('endpoint-cross-environment', () => {
  it('reports a backup endpoint in the other environment (v2)', () => {
    const definition = renderedV2();
    definition.proxy.groups[0].endpoints.push(prodEndpoint);
    const [finding] = findings(definition, 'endpoint-cross-environment');
    expect(summary([finding])).toEqual(['endpoint-cross-environment@$.proxy.groups[0].endpoints[1] (error)']);
    expect(finding.fix).toContain('keep only test\'s token endpoint https://test.maskinporten.no/token');
  });

  it('reports a secondary endpoint in the other environment (v4)', () => {
    const definition = renderedV4();
    definition.api.endpointGroups[0].endpoints.push({
      name: 'prod',
      type: 'http-proxy',
      secondary: true,
      configuration: { target: 'https://maskinporten.no/token' },
    });
    expect(summary(findings(definition, 'endpoint-cross-environment'))).toEqual([
      'endpoint-cross-environment@$.api.endpointGroups[0].endpoints[1] (error)',
    ]);
  });

  it('reports primary endpoints spread over environments, against the audience', () => {
    const definition = renderedV2();
    definition.proxy.groups[0].endpoints.push({ ...prodEndpoint, backup: false });
    expect(summary(findings(definition, 'endpoint-cross-environment'))).toEqual([
      'endpoint-cross-environment@$.proxy.groups[0].endpoints[1].target (error)',
    ]);
  });

  it('reports a single endpoint in the wrong environment once, as an audience mismatch', () => {
    const definition = renderedV2();
    definition.proxy.groups[0].endpoints[0].target = 'https://maskinporten.no/token';
    expect(lint(definition).map(f => f.rule)).toEqual(['audience-environment-mismatch', 'kid-environment-mismatch']);
  });
});

describe('endpoint-ver2 and endpoint-target', () => {
  it('reports an endpoint on ver2', () => {
    const definition = renderedV2();
    definition.proxy.groups[0].endpoints[0].target = 'https://ver2.maskinporten.no/token';
    expect(summary(findings(definition, 'endpoint-ver2'))).toEqual([
      'endpoint-ver2@$.proxy.groups[0].endpoints[0].target (error)',
    ]);
  });

  it('warns about a host that is not a configured environment, or a path that is not the token endpoint', () => {
    const unknown = renderedV4();
    unknown.api.endpointGroups[0].endpoints[0].configuration.target = 'https://mp-proxy.example.org/token';
    expect(summary(findings(unknown, 'endpoint-target'))).toEqual([
      'endpoint-target@$.api.endpointGroups[0].endpoints[0].configuration.target (warning)',
    ]);
    const issuer = renderedV2();
    issuer.proxy.groups[0].endpoints[0].target = 'https://test.maskinporten.no/';
    expect(findings(issuer, 'endpoint-target')[0].fix).toBe('Set the target to https://test.maskinporten.no/token.');
  });
});

describe('endpoint-tls-verification', () => {
  it('reports trustAll (error) and disabled hostname verification (warning), v2 and v4', () => {
    const v2 = renderedV2();
    v2.proxy.groups[0].ssl = { trustAll: true, hostnameVerifier: false };
    expect(summary(findings(v2, 'endpoint-tls-verification'))).toEqual([
      'endpoint-tls-verification@$.proxy.groups[0].ssl.trustAll (error)',
      'endpoint-tls-verification@$.proxy.groups[0].ssl.hostnameVerifier (warning)',
    ]);
    const v4 = renderedV4();
    v4.api.endpointGroups[0].sharedConfiguration.ssl.trustAll = true;
    expect(summary(findings(v4, 'endpoint-tls-verification'))).toEqual([
      'endpoint-tls-verification@$.api.endpointGroups[0].sharedConfiguration.ssl.trustAll (error)',
    ]);
  });
});
