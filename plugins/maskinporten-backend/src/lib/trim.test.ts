import { trimBoth, trimTrailing } from './trim';

describe('trim helpers', () => {
  it('trims trailing and surrounding characters', () => {
    expect(trimTrailing('https://a.example///', '/')).toBe('https://a.example');
    expect(trimTrailing('///', '/')).toBe('');
    expect(trimTrailing('a/b', '/')).toBe('a/b');
    expect(trimBoth('--lonn-service--', '-')).toBe('lonn-service');
  });

  it('handles a megabyte of slashes followed by another character at once (no backtracking)', () => {
    const hostile = `${'/'.repeat(1_000_000)}x`;
    expect(trimTrailing(hostile, '/')).toBe(hostile);
    expect(trimBoth(`${'-'.repeat(1_000_000)}a`, '-')).toBe('a');
  });
});
