import siktTemplate from '../__fixtures__/sikt-maskinporten-api-template.json';
import { GraviteeDefinitionError } from '../errors';
import { renderGraviteeDefinition } from '../render/render';
import { clone } from '../__testUtils__/definitions';
import { renderInput } from '../__testUtils__/fixtures';
import { lint, lintAll, lintContext, renderedV2, renderedV4, summary } from '../__testUtils__/lint';
import { GraviteeSecretMode } from '../types';
import { extractGraviteeKids, lintGraviteeDefinition } from './lint';
import { GRAVITEE_LINT_RULES } from './rules';

describe('lintGraviteeDefinition', () => {
  describe('on our own rendered output', () => {
    it.each<[string, GraviteeSecretMode]>([
      ['v2', 'inline'],
      ['v4', 'inline'],
    ])('%s with secrets=%s has no errors, only the embedded-key warning', (format, secrets) => {
      const definition = renderGraviteeDefinition(renderInput(), { format: format as 'v2' | 'v4', secrets });
      expect(summary(lintAll(clone(definition))).map(s => s.split('@')[0])).toEqual(['key-inline']);
      expect(lintGraviteeDefinition(clone(definition), lintContext()).findings.every(f => f.severity === 'warning')).toBe(true);
    });

    it.each(['v2', 'v4'] as const)('%s with secrets=placeholder reports exactly the key still to fill in', format => {
      const definition = renderGraviteeDefinition(renderInput(), { format, secrets: 'placeholder' });
      expect(summary(lint(clone(definition)))).toEqual([
        format === 'v2'
          ? 'placeholder-key@$.flows[0].pre[1].configuration.content (error)'
          : 'placeholder-key@$.api.flows[0].request[1].configuration.content (error)',
      ]);
    });

    it('also lints a bare v4 API (not wrapped for import)', () => {
      const { api, plans } = renderedV4();
      expect(lint({ ...api, plans })).toEqual([]);
      expect(lintGraviteeDefinition({ ...api, plans }, lintContext()).version).toBe('v4');
    });
  });

  describe('on the Sikt/UiO template', () => {
    const result = lintGraviteeDefinition(clone(siktTemplate), lintContext());
    const lines = summary(result.findings);

    it('is read as v2', () => {
      expect(result.version).toBe('v2');
    });

    it('reports the placeholders', () => {
      expect(lines).toEqual(
        expect.arrayContaining([
          'placeholder-kid@$.flows[0].pre[1].configuration.kid (error)',
          'placeholder-key@$.flows[0].pre[1].configuration.content (error)',
          'placeholder-audience@$.flows[0].pre[1].configuration.audiences[0] (error)',
        ]),
      );
    });

    it('reports the cross-environment backup endpoint', () => {
      expect(lines).toContain('endpoint-cross-environment@$.proxy.groups[0].endpoints[1] (error)');
      const finding = result.findings.find(f => f.rule === 'endpoint-cross-environment')!;
      expect(finding.message).toMatch(/Backup endpoint "PROD" targets prod .* grants are for test/);
    });

    it('reports the cache TTL that reaches the token lifetime (119 s in the freg plan)', () => {
      expect(lines).toContain('cache-ttl@$.plans[0].flows[0].pre[0].configuration.timeToLiveSeconds (warning)');
    });

    it('reports the 3599 s cache TTL of the stored template as an error', () => {
      // MASKINPORTEN.md §6: the stored template had 3599 s before Sikt lowered it to 118.
      const stored = clone(siktTemplate);
      stored.resources[0].configuration.timeToLiveSeconds = 3599;
      stored.plans[1].flows[0].pre[0].configuration.timeToLiveSeconds = 3599;
      const ttl = lint(stored).filter(f => f.rule === 'cache-ttl' && f.severity === 'error');
      expect(summary(ttl)).toEqual([
        // Its cache resource's TTL only counts on the V3 engine, which the template does not ask for.
        'cache-ttl@$.plans[1].flows[0].pre[0].configuration.timeToLiveSeconds (error)',
      ]);
      expect(ttl[0].message).toContain('3599 s, longer than the 120 s');
    });

    it('reports the disabled hostname verification, and nothing it should not', () => {
      expect(lines).toContain('endpoint-tls-verification@$.proxy.groups[0].ssl.hostnameVerifier (warning)');
      // The template's issuer comes from a header, its body and lifetime are right.
      const rules = new Set(result.findings.map(f => f.rule));
      for (const rule of ['grant-type', 'grant-assertion', 'jwt-expires-in', 'jwt-signature', 'key-resolver-file', 'jwt-issuer']) {
        expect(rules).not.toContain(rule);
      }
    });

    it('lists errors before warnings', () => {
      const rank = result.findings.map(f => ['error', 'warning', 'info'].indexOf(f.severity));
      expect(rank).toEqual([...rank].sort((a, b) => a - b));
    });
  });

  describe('bad input', () => {
    it.each<[string, unknown, RegExp]>([
      ['a string', '{"gravitee": "2.0.0"}', /Got a string, not a JSON object/],
      ['an array', [{ gravitee: '2.0.0' }], /Got a JSON array, not a JSON object/],
      ['null', null, /Got null, not a JSON object/],
      ['an unrelated object', { openapi: '3.0.0', paths: {} }, /Not a Gravitee API definition: \$ has neither "gravitee" nor "definitionVersion"/],
      ['a v1 definition', { gravitee: '1.0.0', paths: {} }, /Unsupported definition version at \$: "gravitee": "1.0.0" \(path-based v1/],
      ['a V3 definitionVersion', { definitionVersion: 'V3' }, /Unsupported definition version at \$: "definitionVersion": "V3"/],
      ['a wrapper around a non-definition', { api: { name: 'x' } }, /Not a Gravitee API definition: \$.api has neither/],
    ])('throws GraviteeDefinitionError for %s, saying what was expected', (_name, json, message) => {
      const run = () => lintGraviteeDefinition(json, lintContext());
      expect(run).toThrow(GraviteeDefinitionError);
      expect(run).toThrow(message);
      expect(run).toThrow(/Expected a Gravitee API definition: a v2 definition with "gravitee": "2.0.0"/);
      expect(run).toThrow(expect.objectContaining({ name: 'GraviteeDefinitionError', statusCode: 400 }));
    });
  });

  it('accepts a management-API style definitionVersion V2 and "4.0.0"', () => {
    const v2 = renderedV2();
    delete v2.gravitee;
    v2.definitionVersion = 'V2';
    expect(lintGraviteeDefinition(v2, lintContext()).version).toBe('v2');
    expect(lint(v2)).toEqual([]);
    const v4 = renderedV4();
    v4.api.definitionVersion = '4.0.0';
    expect(lintGraviteeDefinition(v4, lintContext()).version).toBe('v4');
  });

  it('skips disabled steps and flows, which never run', () => {
    const definition = renderedV2();
    definition.flows[0].pre[1].configuration.expiresIn = 600;
    definition.flows[0].pre[1].enabled = false;
    expect(summary(lint(definition))).toEqual([expect.stringMatching(/^generate-jwt-missing/)]);
  });

  it('reads endpoint and step configuration stored as JSON strings', () => {
    const definition = renderedV4();
    const endpoint = definition.api.endpointGroups[0].endpoints[0];
    endpoint.configuration = JSON.stringify({ target: 'https://maskinporten.no/token' });
    definition.api.flows[0].request[1].configuration = JSON.stringify(definition.api.flows[0].request[1].configuration);
    expect(summary(lint(definition))).toContain(
      'audience-environment-mismatch@$.api.flows[0].request[1].configuration.audiences[0] (error)',
    );
  });

  it('documents every rule it reports', () => {
    const reported = [
      ...lint(clone(siktTemplate)),
      ...lint(renderGraviteeDefinition(renderInput(), { format: 'v2', secrets: 'inline' })),
    ].map(f => f.rule);
    for (const rule of reported) {
      expect(Object.keys(GRAVITEE_LINT_RULES)).toContain(rule);
    }
  });

  it('extracts the kids so a caller can load the keys first', () => {
    expect(extractGraviteeKids(renderedV4())).toEqual(['myorg-payroll-sync-test-20260101-ab12']);
    expect(extractGraviteeKids(clone(siktTemplate))).toEqual(['FYLLES UT']);
    expect(() => extractGraviteeKids([])).toThrow(GraviteeDefinitionError);
  });
});
