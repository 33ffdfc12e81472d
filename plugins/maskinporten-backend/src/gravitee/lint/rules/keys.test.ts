import { ENVIRONMENTS } from '../../__testUtils__/fixtures';
import { findings, lint, renderedV2, summary, V2_JWT, v2Jwt } from '../../__testUtils__/lint';

function withKid(kid: string) {
  const definition = renderedV2();
  v2Jwt(definition).kid = kid;
  return definition;
}

describe('key rules', () => {
  it('kid-unknown: a kid Backstage does not hold', () => {
    const [finding] = findings(withKid('registered-by-hand'), 'kid-unknown');
    expect(summary([finding])).toEqual([`kid-unknown@${V2_JWT}.kid (warning)`]);
    expect(finding.fix).toContain('maskinporten.no/key-id');
  });

  it.each(['expired-by-date', 'expired-by-state', 'revoked'])('key-expired: %s', kid => {
    const [finding] = findings(withKid(kid), 'key-expired');
    expect(summary([finding])).toEqual([`key-expired@${V2_JWT}.kid (error)`]);
    expect(finding.message).toContain('MP-121');
  });

  it('key-expiring: within 30 days (inclusive), not at 31', () => {
    expect(findings(withKid('expiring-soon'), 'key-expiring')[0].message).toBe(
      'The key "expiring-soon" expires in 10 day(s), on 2026-12-04.',
    );
    expect(findings(withKid('expiring-at-30-days'), 'key-expiring')).toHaveLength(1);
    expect(findings(withKid('expiring-at-31-days'), 'key-expiring')).toEqual([]);
    expect(findings(withKid('expiring-at-31-days'), 'key-expiring', { keyWarningDays: 45 })).toHaveLength(1);
  });

  it('key-state: a pending or retiring key', () => {
    expect(findings(withKid('pending'), 'key-state')[0].message).toMatch(/not active yet/);
    expect(findings(withKid('retiring'), 'key-state')[0].message).toMatch(/being retired/);
  });

  it("kid-environment-mismatch: another environment's key", () => {
    expect(summary(findings(withKid('prod-key'), 'kid-environment-mismatch'))).toEqual([
      `kid-environment-mismatch@${V2_JWT}.kid (error)`,
    ]);
  });

  it('accepts a key of another environment name with the same issuer (our own download)', () => {
    // `local` is listed first and shares test's issuer, so the URLs classify as local.
    const local = { ...ENVIRONMENTS[0], name: 'local' };
    expect(findings(renderedV2(), 'kid-environment-mismatch', { environments: [local, ...ENVIRONMENTS] })).toEqual([]);
    expect(lint(renderedV2(), { environments: [local, ...ENVIRONMENTS] })).toEqual(lint(renderedV2()));
  });

  it("jwt-issuer: a fixed issuer that is not the key's client", () => {
    const definition = renderedV2();
    v2Jwt(definition).issuer = 'another-client';
    expect(summary(findings(definition, 'jwt-issuer'))).toEqual([`jwt-issuer@${V2_JWT}.issuer (error)`]);
    v2Jwt(definition).issuer = "{#request.headers['iss'][0]}";
    expect(findings(definition, 'jwt-issuer')).toEqual([]);
  });

  it('skips key rules without a key lookup, and for placeholder or expression kids', () => {
    expect(lint(withKid('registered-by-hand'), { lookupKey: undefined })).toEqual([]);
    expect(findings(withKid("{#properties['kid']}"), 'kid-unknown')).toEqual([]);
    expect(findings(withKid('<kid>'), 'kid-unknown')).toEqual([]);
  });
});
