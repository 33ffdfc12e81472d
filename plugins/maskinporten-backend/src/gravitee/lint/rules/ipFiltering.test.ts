import { findings, renderedV2, renderedV4, summary } from '../../__testUtils__/lint';

const v2Filter = (d: any) => d.flows[0].pre[0].configuration;
const v4Filter = (d: any) => d.api.flows[0].request[0].configuration;

describe('ip-filter-host-count', () => {
  it('accepts our rendered filter (isInclusiveHostCount set) with /32 entries', () => {
    const definition = renderedV2({ ipAllowList: ['192.0.2.7/32', '192.0.2.8/31'] });
    expect(findings(definition, 'ip-filter-host-count')).toEqual([]);
  });

  it('reports IPv4 /31 and /32 entries without isInclusiveHostCount, as Gravitee evaluates them', () => {
    const definition = renderedV4({ ipAllowList: ['192.0.2.7/32', '192.0.2.0/24', '192.0.2.8/31', '2001:db8::1/128', '192.0.2.9'] });
    delete v4Filter(definition).isInclusiveHostCount;
    expect(summary(findings(definition, 'ip-filter-host-count'))).toEqual([
      'ip-filter-host-count@$.api.flows[0].request[0].configuration.whitelistIps[0] (error)',
      'ip-filter-host-count@$.api.flows[0].request[0].configuration.whitelistIps[2] (error)',
    ]);
  });

  it('reports the Sikt-style filter with isInclusiveHostCount false', () => {
    const definition = renderedV2({ ipAllowList: ['10.1.2.3/32'] });
    v2Filter(definition).isInclusiveHostCount = false;
    const [finding] = findings(definition, 'ip-filter-host-count');
    expect(finding.message).toMatch(/matches no address.*refused \(403\)/);
  });
});
