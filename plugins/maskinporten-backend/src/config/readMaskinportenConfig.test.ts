import { ConfigReader } from '@backstage/config';
import { readMaskinportenConfig } from './readMaskinportenConfig';

const environments = {
  test: { issuer: 'https://test.maskinporten.no/', tokenEndpoint: 'https://test.maskinporten.no/token' },
};

describe('readMaskinportenConfig', () => {
  it('applies the documented defaults', () => {
    const config = readMaskinportenConfig(new ConfigReader({ maskinporten: { environments } }));
    expect(config.environments.get('test')).toEqual({ name: 'test', ...environments.test });
    expect(config.keys).toEqual({ modulusLength: 4096, kidPrefix: 'backstage', lifetimeDays: 365, warningDays: 30, criticalDays: 7 });
    expect(config.grantLifetimeSeconds).toBe(120);
  });

  it.each([
    [{ environments: { test: { issuer: 'https://test.maskinporten.no', tokenEndpoint: 'https://x/token' } } }, /issuer must end with "\/"/],
    [{ environments: { test: { issuer: 'ftp://x/', tokenEndpoint: 'https://x/token' } } }, /issuer must be an http\(s\) URL/],
    [{ environments, keys: { modulusLength: 1024 } }, /modulusLength/],
    [{ environments, keys: { kidPrefix: 'my org' } }, /kidPrefix/],
    [{ environments, keys: { warnDays: [30] } }, /warnDays/],
    [{ environments, grants: { lifetimeSeconds: 180 } }, /lifetimeSeconds must be between 1 and 120/],
  ])('rejects %j', (maskinporten, message) => {
    expect(() => readMaskinportenConfig(new ConfigReader({ maskinporten }))).toThrow(message);
  });
});
