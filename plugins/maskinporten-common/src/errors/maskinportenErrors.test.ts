import {
  MASKINPORTEN_ERRORS,
  explainMaskinportenError,
  explainUnuploadedKey,
  extractMaskinportenErrorCode,
} from './maskinportenErrors';

describe('Maskinporten error catalogue', () => {
  it('covers every code in the reference table', () => {
    expect(Object.keys(MASKINPORTEN_ERRORS).sort()).toEqual([
      'MP-011', 'MP-012', 'MP-100', 'MP-110', 'MP-120', 'MP-121', 'MP-123',
      'MP-124', 'MP-130', 'MP-200', 'MP-201', 'MP-250', 'MP-251', 'MP-301',
      'MP-302', 'MP-303',
    ]);
    for (const entry of Object.values(MASKINPORTEN_ERRORS)) {
      expect(entry.meaning.length).toBeGreaterThan(10);
      expect(entry.fix.length).toBeGreaterThan(10);
    }
  });

  it('finds the code inside an error description', () => {
    expect(extractMaskinportenErrorCode('Invalid assertion. Client authentication failed. (MP-100)')).toBe('MP-100');
    expect(extractMaskinportenErrorCode('no code here')).toBeUndefined();
    expect(extractMaskinportenErrorCode('AMP-1000')).toBeUndefined();
  });

  it('explains a description by its code', () => {
    expect(explainMaskinportenError('Invalid audience MP-110')?.fix).toContain('trailing slash');
    expect(explainMaskinportenError('MP-999')).toBeUndefined();
  });

  it('explains MP-100 for a key that was never uploaded as the missing upload', () => {
    const explanation = explainUnuploadedKey({ kid: 'myorg-lonn-test-2', environment: 'test' });
    expect(explanation.code).toBe('MP-100');
    expect(explanation.meaning).toMatch(/myorg-lonn-test-2 has not been uploaded to Digdir/);
    expect(explanation.fix).toMatch(/^Upload the key set/);
  });
});
