import { findings, renderedV2, renderedV4, summary, V2_JWT, v2Jwt, V4_JWT, v4Jwt } from '../../__testUtils__/lint';

describe('placeholder rules', () => {
  it.each(['<kid>', 'CHANGEME', 'change-me', 'xxx', 'XXXX', '', '   ', 'FYLLES UT', 'TODO', 'your-kid-here'])(
    'placeholder-kid: %j',
    kid => {
      const definition = renderedV2();
      v2Jwt(definition).kid = kid;
      expect(summary(findings(definition, 'placeholder-kid'))).toEqual([`placeholder-kid@${V2_JWT}.kid (error)`]);
    },
  );

  it('placeholder-kid: a missing kid, unless the grant uses an x5c chain', () => {
    const definition = renderedV2();
    delete v2Jwt(definition).kid;
    expect(findings(definition, 'placeholder-kid')).toHaveLength(1);
    v2Jwt(definition).x509CertificateChain = 'X5C';
    expect(findings(definition, 'placeholder-kid')).toEqual([]);
  });

  it.each(['FYLLES UT', '<private key>', 'CHANGEME', 'xxx', '', 'PLACEHOLDER - NO PRIVATE KEY HERE: …'])(
    'placeholder-key: %j',
    content => {
      const definition = renderedV4();
      v4Jwt(definition).content = content;
      const [finding] = findings(definition, 'placeholder-key');
      expect(finding).toMatchObject({ severity: 'error', path: `${V4_JWT}.content` });
      expect(finding.fix).toMatch(/Let Backstage deploy the token service/);
    },
  );

  it('placeholder-key: a missing key', () => {
    const definition = renderedV2();
    delete v2Jwt(definition).content;
    expect(findings(definition, 'placeholder-key')[0].message).toMatch(/missing/);
  });

  it.each(['https://fyll-ut-med-endepunkt-url.no', '<issuer>', 'https://xxx.maskinporten.no/', ''])(
    'placeholder-audience: %j',
    audience => {
      const definition = renderedV2();
      v2Jwt(definition).audiences = [audience];
      const [finding] = findings(definition, 'placeholder-audience');
      expect(finding).toMatchObject({ severity: 'error', path: `${V2_JWT}.audiences[0]` });
      expect(finding.fix).toBe('Set it to "https://test.maskinporten.no/" (the issuer of test).');
    },
  );

  it('does not mistake real values for placeholders', () => {
    const definition = renderedV2({ kid: 'myorg-payroll-sync-test-20260101-ab12' });
    expect(
      [...findings(definition, 'placeholder-kid'), ...findings(definition, 'placeholder-key'), ...findings(definition, 'placeholder-audience')],
    ).toEqual([]);
  });
});
