import { MASKINPORTEN_ERRORS } from '@maskinporten-backstage/plugin-maskinporten-common';
import { explainError } from './explainErrorAction';

describe('explainError', () => {
  it('explains an MP code however it is written', () => {
    for (const code of ['MP-110', 'mp-110', 'MP110', '110', ' MP - 110 ']) {
      expect(explainError({ code })).toEqual({ source: 'code', ...MASKINPORTEN_ERRORS['MP-110'] });
    }
  });

  it('explains a pasted token error body by the MP code in it', () => {
    const body = JSON.stringify({
      error: 'invalid_grant',
      error_description: 'Invalid assertion. Client authentication failed. Expired key. (MP-121)',
    });
    expect(explainError({ errorBody: body })).toEqual({
      source: 'errorBody',
      code: 'MP-121',
      error: 'invalid_grant',
      errorDescription: 'Invalid assertion. Client authentication failed. Expired key. (MP-121)',
      meaning: MASKINPORTEN_ERRORS['MP-121'].meaning,
      fix: MASKINPORTEN_ERRORS['MP-121'].fix,
    });
    // A log line instead of JSON.
    expect(explainError({ errorBody: 'token request failed: 400 invalid_scope (MP-200) scope dfo:x' })).toMatchObject({
      source: 'errorBody',
      code: 'MP-200',
      error: 'invalid_scope',
    });
  });

  it('lists the candidate codes when a body has an OAuth error but no code', () => {
    const result = explainError({ errorBody: '{"error":"invalid_grant","error_description":"Invalid assertion"}' });
    expect(result).toMatchObject({ source: 'errorBody', error: 'invalid_grant', errorDescription: 'Invalid assertion' });
    expect(result.code).toBeUndefined();
    expect(result.candidates!.map(c => c.code)).toEqual(
      Object.values(MASKINPORTEN_ERRORS)
        .filter(e => e.error === 'invalid_grant')
        .map(e => e.code),
    );
    expect(result.candidates!.map(c => c.code)).toContain('MP-110');
  });

  it('refuses, naming the field, what it cannot explain', () => {
    expect(() => explainError({})).toThrow(/^code, errorBody: give exactly one/);
    expect(() => explainError({ code: 'MP-110', errorBody: 'x' })).toThrow(/^code, errorBody: give exactly one/);
    expect(() => explainError({ code: 'MP-999' })).toThrow(/^code: unknown Maskinporten error code "MP-999"/);
    expect(() => explainError({ code: 'MP-1100' })).toThrow(/^code: "MP-1100" is not a Maskinporten error code/);
    expect(() => explainError({ errorBody: '{"error":"invalid_grant","error_description":"(MP-998)"}' })).toThrow(
      /^errorBody: names MP-998, which is not a known Maskinporten error code/,
    );
    expect(() => explainError({ errorBody: '{"message":"boom"}' })).toThrow(/^errorBody: found no MP code/);
    expect(() => explainError({ errorBody: '{"error":"made_up"}' })).toThrow(/^errorBody: found no MP code/);
  });

  it('reads a long pasted body in linear time', () => {
    const start = Date.now();
    expect(() => explainError({ errorBody: `${'MP-'.repeat(6000)}x` })).toThrow(/^errorBody/);
    expect(() => explainError({ code: `${' '.repeat(39)}x` })).toThrow(/^code/);
    expect(Date.now() - start).toBeLessThan(500);
  });
});
