import { KeyEncryption } from './KeyEncryption';

const secretA = `${'a'.repeat(16)}correct-horse-battery-staple-A`;
const secretB = `${'b'.repeat(16)}correct-horse-battery-staple-B`;
const pem = '-----BEGIN PRIVATE KEY-----\nMIIEv…secret…\n-----END PRIVATE KEY-----\n';

describe('KeyEncryption', () => {
  it('stores ciphertext that contains nothing of the plaintext', () => {
    const sealed = new KeyEncryption(secretA).encrypt(pem, 'kid-1');
    expect(sealed).toMatch(/^mpk1\.[0-9a-f]{12}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('PRIVATE KEY');
    expect(sealed).not.toContain(Buffer.from(pem).toString('base64').slice(0, 20));
    expect(new KeyEncryption(secretA).decrypt(sealed, 'kid-1')).toBe(pem);
  });

  it('uses a fresh IV each time', () => {
    const encryption = new KeyEncryption(secretA);
    expect(encryption.encrypt(pem, 'k')).not.toBe(encryption.encrypt(pem, 'k'));
  });

  it('binds the ciphertext to its kid', () => {
    const encryption = new KeyEncryption(secretA);
    const sealed = encryption.encrypt(pem, 'kid-1');
    expect(() => encryption.decrypt(sealed, 'kid-2')).toThrow(/failed authentication/);
  });

  it('detects tampering', () => {
    const encryption = new KeyEncryption(secretA);
    const parts = encryption.encrypt(pem, 'k').split('.');
    const body = Buffer.from(parts[4], 'base64url');
    body[0] ^= 1;
    parts[4] = body.toString('base64url');
    expect(() => encryption.decrypt(parts.join('.'), 'k')).toThrow(/failed authentication/);
  });

  it('decrypts old rows after a rotation while writing with the new secret', () => {
    const before = new KeyEncryption(secretA).encrypt(pem, 'k');
    const rotated = new KeyEncryption(secretB, [secretA]);
    expect(rotated.decrypt(before, 'k')).toBe(pem);
    expect(rotated.needsReencryption(before)).toBe(true);
    const after = rotated.encrypt(pem, 'k');
    expect(rotated.needsReencryption(after)).toBe(false);
    expect(after.split('.')[1]).toBe(rotated.currentSecretId);
  });

  it('names the missing secret, without revealing any secret, when none matches', () => {
    const sealed = new KeyEncryption(secretA).encrypt(pem, 'k');
    const error = (() => {
      try {
        new KeyEncryption(secretB).decrypt(sealed, 'k');
        return undefined;
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.name).toBe('ConflictError');
    expect(error?.message).toContain('previousSecrets');
    expect(error?.message).not.toContain(secretA);
    expect(error?.message).not.toContain(secretB);
  });

  it('rejects garbage', () => {
    expect(() => new KeyEncryption(secretA).decrypt('not-a-key', 'k')).toThrow(/unknown format/);
  });
});
