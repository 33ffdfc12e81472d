import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readMaskinportenConfig } from '../config/readMaskinportenConfig';
import { resolveKeyEncryption } from './resolveKeyEncryption';

function configWith(keyEncryption?: object) {
  return readMaskinportenConfig(
    new ConfigReader({ maskinporten: { environments: {}, keyEncryption } }),
  );
}

describe('resolveKeyEncryption', () => {
  it('refuses to start in production without a secret', () => {
    expect(() =>
      resolveKeyEncryption({
        config: configWith(),
        logger: mockServices.logger.mock(),
        production: true,
      }),
    ).toThrow(/keyEncryption.secret is not set.*required in production/);
  });

  it('refuses a weak secret in production', () => {
    expect(() =>
      resolveKeyEncryption({
        config: configWith({ secret: 'short' }),
        logger: mockServices.logger.mock(),
        production: true,
      }),
    ).toThrow(/too short/);
  });

  it('refuses the example portal\'s published development secret in production only', () => {
    const config = configWith({
      secret: 'example-portal-development-only-not-for-production-0000',
    });
    expect(() =>
      resolveKeyEncryption({ config, logger: mockServices.logger.mock(), production: true }),
    ).toThrow(/published development secret/);
    const encryption = resolveKeyEncryption({
      config,
      logger: mockServices.logger.mock(),
      production: false,
    });
    expect(encryption.decrypt(encryption.encrypt('x', 'k'), 'k')).toBe('x');
  });

  it('generates a development secret with a loud warning otherwise', () => {
    const logger = mockServices.logger.mock();
    const encryption = resolveKeyEncryption({
      config: configWith(),
      logger,
      production: false,
    });
    expect(encryption.decrypt(encryption.encrypt('x', 'k'), 'k')).toBe('x');
    expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/DEVELOPMENT secret/));
  });

  it('uses the configured secret and previous secrets', () => {
    const old = resolveKeyEncryption({
      config: configWith({ secret: 'o'.repeat(40) }),
      logger: mockServices.logger.mock(),
      production: true,
    });
    const current = resolveKeyEncryption({
      config: configWith({ secret: 'n'.repeat(40), previousSecrets: ['o'.repeat(40)] }),
      logger: mockServices.logger.mock(),
      production: true,
    });
    expect(current.decrypt(old.encrypt('pem', 'k'), 'k')).toBe('pem');
  });
});
