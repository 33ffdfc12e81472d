import { findings, renderedV2, summary, V2_JWT, v2Jwt } from '../../__testUtils__/lint';

function withLifetime(expiresIn: unknown, expiresInUnit?: unknown) {
  const definition = renderedV2();
  const jwt = v2Jwt(definition);
  if (expiresIn === undefined) delete jwt.expiresIn;
  else jwt.expiresIn = expiresIn;
  if (expiresInUnit === undefined) delete jwt.expiresInUnit;
  else jwt.expiresInUnit = expiresInUnit;
  return findings(definition, 'jwt-expires-in');
}

describe('jwt-expires-in', () => {
  it.each<[unknown, unknown]>([
    [121, 'SECONDS'],
    [3599, 'SECONDS'],
    [3, 'MINUTES'],
    [1, 'HOURS'],
    [1, 'DAYS'],
    [121, undefined],
  ])('reports %j %s as over 120 s', (expiresIn, unit) => {
    const [finding] = withLifetime(expiresIn, unit);
    expect(summary([finding])).toEqual([`jwt-expires-in@${V2_JWT}.expiresIn (error)`]);
    expect(finding.message).toMatch(/exceeds 120 s/);
  });

  it.each<[unknown, unknown]>([
    [118, 'SECONDS'],
    [120, 'SECONDS'],
    [2, 'MINUTES'],
    [undefined, undefined],
    [undefined, 'SECONDS'],
  ])('accepts %j %s', (expiresIn, unit) => {
    expect(withLifetime(expiresIn, unit)).toEqual([]);
  });

  it('minds the unit when expiresIn is left at its default (30)', () => {
    expect(summary(withLifetime(undefined, 'MINUTES'))).toEqual([`jwt-expires-in@${V2_JWT}.expiresInUnit (error)`]);
  });

  it.each<[unknown, unknown]>([
    [0, 'SECONDS'],
    [-5, 'SECONDS'],
    ['soon', 'SECONDS'],
    [1.5, 'SECONDS'],
    [60, 'WEEKS'],
  ])('reports %j %s as invalid', (expiresIn, unit) => {
    expect(withLifetime(expiresIn, unit)[0].message).toMatch(/not a positive whole number/);
  });
});
