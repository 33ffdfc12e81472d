import { describeError, isAdoptable, publicMembers, toRegisteredJwk } from './selfServiceResponses';

describe('reading Digdir self-service answers', () => {
  // The body of a real Digdir validation error, as okdata-maskinporten-api keeps it in its
  // tests (test/maskinporten_api/conftest.py, client_error_response, 2025-07-02).
  const digdirError = {
    status: 400,
    timestamp: '2025-07-02T08:30:00.000000000Z',
    correlation_id: 'b496e785cbd430eee802c1eaafa76f46',
    errors: [
      { errorMessage: 'error 1', isFieldError: true, objectName: 'Client', fieldIdentifier: 'field_1' },
      { errorMessage: 'error 2', isFieldError: true, objectName: 'Client', fieldIdentifier: 'field_2' },
    ],
    error: ', error 1, error 2',
    error_description: ', error 1, error 2',
  };

  it("says Digdir's errors[] with their fields and the correlation id, not the joined copy", () => {
    expect(describeError(digdirError)).toBe(
      ' (field_1: error 1; field_2: error 2; correlation id b496e785cbd430eee802c1eaafa76f46)',
    );
  });

  it('names a field once when the message already starts with it, and a message without a field as is', () => {
    expect(
      describeError({
        errors: [
          { errorMessage: 'scopes: "x" is not allowed', fieldIdentifier: 'scopes' },
          { errorMessage: 'the client is deactivated', isFieldError: false },
          { nothing: true },
        ],
      }),
    ).toBe(' (scopes: "x" is not allowed; the client is deactivated)');
  });

  it('reads OAuth-style bodies (token endpoint, 401) and survives anything else', () => {
    expect(describeError({ error: 'invalid_token', error_description: 'expired' })).toBe(' (invalid_token: expired)');
    expect(describeError({ correlation_id: 'abc' })).toBe(' (correlation id abc)');
    expect(describeError({ errors: 'not a list' })).toBe('');
    expect(describeError('text')).toBe('');
    expect(describeError(null)).toBe('');
  });

  it('bounds what it repeats: five errors at most, each message clipped', () => {
    const errors = Array.from({ length: 8 }, (_, i) => ({ errorMessage: `${'x'.repeat(400)}${i}` }));
    const described = describeError({ errors });
    expect(described).toMatch(/and 3 more\)$/);
    expect(described.length).toBeLessThan(5 * 310 + 50);
  });

  // A key posted with x5c is locked to that enterprise certificate
  // (https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin, "Bruk av asymmetrisk nøkkel"):
  // re-posting it without x5c would unlock it.
  it('keeps x5c on keys read back and re-posted, and drops exp and anything else', () => {
    const listed = { kty: 'RSA', alg: 'RS256', use: 'sig', kid: 'k', e: 'AQAB', n: 'nn', x5c: ['MIIB'], exp: 5, x5t: 'z' };
    expect(toRegisteredJwk(listed)).toEqual({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: 'k', e: 'AQAB', n: 'nn', x5c: ['MIIB'], exp: 5 });
    expect(publicMembers(toRegisteredJwk(listed))).toEqual({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: 'k', e: 'AQAB', n: 'nn', x5c: ['MIIB'] });
  });

  it('adopts only an active Maskinporten client with the description', () => {
    expect(isAdoptable({ description: 'd', active: true, integration_type: 'maskinporten' }, 'd')).toBe(true);
    expect(isAdoptable({ description: 'd' }, 'd')).toBe(true);
    expect(isAdoptable({ description: 'd', active: false }, 'd')).toBe(false);
    expect(isAdoptable({ description: 'd', integration_type: 'idporten' }, 'd')).toBe(false);
    expect(isAdoptable({ description: 'e' }, 'd')).toBe(false);
  });
});
