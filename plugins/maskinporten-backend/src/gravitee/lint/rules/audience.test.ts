import { findings, renderedV2, renderedV4, summary, V2_JWT, v2Jwt, V4_JWT, v4Jwt } from '../../__testUtils__/lint';

function withAudiences(audiences: unknown) {
  const definition = renderedV2();
  v2Jwt(definition).audiences = audiences;
  return definition;
}

describe('audience rules', () => {
  it('audience-count: none, or more than one (aud would become an array)', () => {
    expect(summary(findings(withAudiences([]), 'audience-count'))).toEqual([`audience-count@${V2_JWT}.audiences (error)`]);
    const none = renderedV2();
    delete v2Jwt(none).audiences;
    expect(findings(none, 'audience-count')).toHaveLength(1);
    const two = findings(withAudiences(['https://test.maskinporten.no/', 'https://maskinporten.no/']), 'audience-count');
    expect(two[0].message).toMatch(/2 audiences.*single string/);
    expect(two[0].fix).toContain('"https://test.maskinporten.no/" (the issuer of test)');
  });

  it('audience-ver2: the shut-down ver2 host', () => {
    const [finding] = findings(withAudiences(['https://ver2.maskinporten.no/']), 'audience-ver2');
    expect(finding).toMatchObject({ severity: 'error', path: `${V2_JWT}.audiences[0]` });
    expect(finding.message).toContain('shut down on 2024-06-10');
    expect(finding.fix).toContain('https://test.maskinporten.no/');
  });

  it('audience-token-endpoint: the token endpoint instead of the issuer', () => {
    const [finding] = findings(withAudiences(['https://test.maskinporten.no/token']), 'audience-token-endpoint');
    expect(finding).toMatchObject({ severity: 'error', path: `${V2_JWT}.audiences[0]` });
    expect(finding.fix).toContain('"https://test.maskinporten.no/"');
    // Also for a host we do not know, by its path.
    expect(findings(withAudiences(['https://mp.example.org/token']), 'audience-token-endpoint')).toHaveLength(1);
  });

  it('audience-trailing-slash: the issuer without its slash', () => {
    const [finding] = findings(withAudiences(['https://test.maskinporten.no']), 'audience-trailing-slash');
    expect(finding).toMatchObject({ severity: 'error', path: `${V2_JWT}.audiences[0]` });
    expect(finding.fix).toBe('Set it to "https://test.maskinporten.no/".');
  });

  it('audience-not-issuer: another path on a Maskinporten host', () => {
    expect(summary(findings(withAudiences(['https://test.maskinporten.no/jwk']), 'audience-not-issuer'))).toEqual([
      `audience-not-issuer@${V2_JWT}.audiences[0] (error)`,
    ]);
  });

  it('audience-environment-mismatch: prod audience, test endpoint (v2 and v4)', () => {
    const [v2] = findings(withAudiences(['https://maskinporten.no/']), 'audience-environment-mismatch');
    expect(v2).toMatchObject({ severity: 'error', path: `${V2_JWT}.audiences[0]` });
    expect(v2.message).toBe(
      'The audience belongs to prod, but the API sends the grant to test; test rejects it (MP-110).',
    );
    const v4 = renderedV4();
    v4Jwt(v4).audiences = ['https://maskinporten.no/'];
    expect(summary(findings(v4, 'audience-environment-mismatch'))).toEqual([
      `audience-environment-mismatch@${V4_JWT}.audiences[0] (error)`,
    ]);
  });

  it('reports both the form and the environment when a prod token endpoint is used in test', () => {
    const rules = [
      ...findings(withAudiences(['https://maskinporten.no/token']), 'audience-token-endpoint'),
      ...findings(withAudiences(['https://maskinporten.no/token']), 'audience-environment-mismatch'),
    ].map(f => f.rule);
    expect(rules).toEqual(['audience-token-endpoint', 'audience-environment-mismatch']);
  });

  it('audience-unknown is always a warning (an unconfigured host, an expression); not a URL is audience-not-url', () => {
    expect(findings(withAudiences(['https://idporten.no/']), 'audience-unknown')[0].severity).toBe('warning');
    expect(findings(withAudiences(["{#properties['aud']}"]), 'audience-unknown')[0].severity).toBe('warning');
    expect(findings(withAudiences(['maskinporten']), 'audience-unknown')).toEqual([]);
    expect(findings(withAudiences(['maskinporten']), 'audience-not-url')[0].severity).toBe('error');
  });

  it('accepts a single audience written as a string', () => {
    const definition = withAudiences('https://test.maskinporten.no');
    expect(summary(findings(definition, 'audience-trailing-slash'))).toEqual([
      `audience-trailing-slash@${V2_JWT}.audiences (error)`,
    ]);
    expect(findings(withAudiences('https://test.maskinporten.no/'), 'audience-count')).toEqual([]);
  });
});
