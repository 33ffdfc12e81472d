import v4ProxyApi from '../__fixtures__/gravitee-apim/v4-proxy-api.json';
import apiLatency from '../__fixtures__/gravitee-apim/api-latency.json';
import { clone } from '../__testUtils__/definitions';
import { lintAll, lintContext, renderedV2, summary } from '../__testUtils__/lint';
import { lintGraviteeDefinition } from './lint';

/** Lint on Gravitee's own definitions (../__fixtures__/gravitee-apim, tag 4.10.8). */
describe("lint on Gravitee's own fixtures", () => {
  it('reads "gravitee": "4.0.0" without definitionVersion as v4, with no false errors', () => {
    const result = lintGraviteeDefinition(clone(v4ProxyApi), lintContext());
    expect(result.version).toBe('v4');
    expect(result.findings.filter(f => f.severity === 'error')).toEqual([]);
    // Not a token service: the only thing to say is that.
    expect(summary(result.findings)).toEqual(['generate-jwt-missing@$.flows (warning)']);
  });

  it('sees endpoints under the legacy v2 proxy.endpoints and flags a cross-environment one', () => {
    const definition: any = clone(apiLatency);
    // Made a test-environment token service: the Generate JWT step of our own render…
    definition.flows[0].pre = [clone(renderedV2().flows[0].pre[1])];
    expect(definition.flows[0].pre[0].configuration.audiences).toEqual(['https://test.maskinporten.no/']);
    // …with, in Gravitee's legacy shape, test's token endpoint and production's as a backup
    // (the Sikt/UiO template's footgun).
    definition.proxy.endpoints[0].target = 'https://test.maskinporten.no/token';
    definition.proxy.endpoints.push({ ...definition.proxy.endpoints[0], name: 'prod', target: 'https://maskinporten.no/token', backup: true });
    const findings = lintAll(definition).filter(f => f.rule.startsWith('endpoint'));
    expect(summary(findings)).toEqual(['endpoint-cross-environment@$.proxy.endpoints[1] (error)']);
  });

  it("reads the legacy proxy.endpoints of Gravitee's fixture as it is", () => {
    const result = lintGraviteeDefinition(clone(apiLatency), lintContext());
    expect(result.version).toBe('v2');
    expect(summary(result.findings)).toEqual(['generate-jwt-missing@$.flows (warning)']);
  });
});
