import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readMaskinportenConfig } from '../config/readMaskinportenConfig';
import { runModeFrom } from '../config/runMode';
import { describeWeakness, resolveKeyEncryption } from './resolveKeyEncryption';

const DEVELOPMENT_SECRET = 'example-portal-development-only-not-for-production-0000';
const STRONG = 'Zq3vN8pL1xR7tY2wK9mB4cF6hJ0sD5gAeUiOoPl';

function configWith(keyEncryption?: object) {
  return readMaskinportenConfig(
    new ConfigReader({ maskinporten: { environments: {}, keyEncryption } }),
  );
}

function resolve(keyEncryption: object | undefined, mode: 'development' | 'test' | 'production') {
  const logger = mockServices.logger.mock();
  return { logger, encryption: resolveKeyEncryption({ config: configWith(keyEncryption), logger, mode }) };
}

describe('resolveKeyEncryption', () => {
  it('refuses to start in production without a secret', () => {
    expect(() => resolve(undefined, 'production')).toThrow(
      /keyEncryption.secret is not set.*required in production/,
    );
  });

  it('refuses a short secret in production', () => {
    expect(() => resolve({ secret: 'short' }, 'production')).toThrow(/too short/);
  });

  it('refuses a long but predictable secret in production (36 times the same letter)', () => {
    expect(() => resolve({ secret: 'a'.repeat(36) }, 'production')).toThrow(/too predictable/);
    expect(() => resolve({ secret: 'ab'.repeat(30) }, 'production')).toThrow(/too predictable/);
    const { logger } = resolve({ secret: 'a'.repeat(36) }, 'development');
    expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/too predictable/));
  });

  it("accepts the example portal's published development secret with NODE_ENV=development only", () => {
    expect(() => resolve({ secret: DEVELOPMENT_SECRET }, 'production')).toThrow(
      /keyEncryption.secret is a published development secret/,
    );
    expect(() => resolve({ secret: DEVELOPMENT_SECRET }, 'test')).toThrow(
      /published development secret.*NODE_ENV=development/,
    );
    const { encryption } = resolve({ secret: DEVELOPMENT_SECRET }, 'development');
    expect(encryption.decrypt(encryption.encrypt('x', 'k'), 'k')).toBe('x');
  });

  it('refuses the published development secret among previousSecrets outside development', () => {
    expect(() =>
      resolve({ secret: STRONG, previousSecrets: [STRONG.toUpperCase(), DEVELOPMENT_SECRET] }, 'production'),
    ).toThrow(/previousSecrets\[1\] is a published development secret/);
  });

  it('treats NODE_ENV=test and anything unknown as stricter than development', () => {
    expect(runModeFrom('development')).toBe('development');
    expect(runModeFrom('test')).toBe('test');
    expect(runModeFrom(undefined)).toBe('production');
    expect(runModeFrom('staging')).toBe('production');
  });

  it('generates a development secret with a loud warning otherwise', () => {
    const { encryption, logger } = resolve(undefined, 'test');
    expect(encryption.decrypt(encryption.encrypt('x', 'k'), 'k')).toBe('x');
    expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/DEVELOPMENT secret/));
  });

  it('uses the configured secret and previous secrets, warning about a weak previous one', () => {
    const oldSecret = 'o'.repeat(40);
    const old = resolve({ secret: oldSecret }, 'test').encryption;
    const { encryption: current, logger } = resolve(
      { secret: STRONG, previousSecrets: [oldSecret] },
      'production',
    );
    expect(current.decrypt(old.encrypt('pem', 'k'), 'k')).toBe('pem');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/previousSecrets\[0\] is too predictable/),
    );
  });

  it('scores random secrets as strong', () => {
    expect(describeWeakness(STRONG)).toBeUndefined();
    expect(describeWeakness(require('node:crypto').randomBytes(48).toString('base64'))).toBeUndefined();
    expect(describeWeakness(require('node:crypto').randomBytes(16).toString('hex'))).toBeUndefined();
  });
});
