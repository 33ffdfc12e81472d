import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/config';
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
    expect(config.gravitee.deploy).toBeUndefined();
    expect(config.gravitee.deployFormat).toBe('v4');
  });

  it('configures Gravitee deploy only when managementUrl and token are both set', () => {
    const read = (gravitee: JsonObject) =>
      readMaskinportenConfig(new ConfigReader({ maskinporten: { environments, gravitee } })).gravitee;
    expect(read({ managementUrl: 'https://apim.example.org' }).deploy).toBeUndefined();
    expect(read({ token: 'pat' }).deploy).toBeUndefined();
    expect(read({ managementUrl: 'https://apim.example.org/', token: 'pat' })).toMatchObject({
      deployFormat: 'v4',
      deploy: {
        managementUrl: 'https://apim.example.org',
        token: 'pat',
        organization: 'DEFAULT',
        environment: 'DEFAULT',
        timeoutMs: 15000,
      },
    });
    expect(
      read({
        managementUrl: 'https://apim.example.org',
        token: 'pat',
        organization: 'sikt',
        environment: 'prod-env',
        deployFormat: 'v2',
        timeoutMs: 2000,
      }),
    ).toMatchObject({
      deployFormat: 'v2',
      deploy: { organization: 'sikt', environment: 'prod-env', timeoutMs: 2000 },
    });
  });

  it.each([
    [{ environments: { test: { issuer: 'https://test.maskinporten.no', tokenEndpoint: 'https://x/token' } } }, /issuer must end with "\/"/],
    [{ environments: { test: { issuer: 'ftp://x/', tokenEndpoint: 'https://x/token' } } }, /issuer must be an http\(s\) URL/],
    [{ environments, keys: { modulusLength: 1024 } }, /modulusLength/],
    [{ environments, keys: { kidPrefix: 'my org' } }, /kidPrefix/],
    [{ environments, keys: { warnDays: [30] } }, /warnDays/],
    [{ environments, grants: { lifetimeSeconds: 180 } }, /lifetimeSeconds must be between 1 and 120/],
    [{ environments, gravitee: { deployFormat: 'v3' } }, /gravitee\.deployFormat must be "v2" or "v4"/],
    [{ environments, gravitee: { managementUrl: 'apim.example.org', token: 'x' } }, /gravitee\.managementUrl must be an absolute URL/],
    [{ environments, gravitee: { managementUrl: 'https://a', token: 'x', environment: '../x' } }, /gravitee\.environment may contain only/],
    [{ environments, gravitee: { timeoutMs: 0 } }, /gravitee\.timeoutMs must be positive/],
  ])('rejects %j', (maskinporten, message) => {
    expect(() => readMaskinportenConfig(new ConfigReader({ maskinporten }))).toThrow(message);
  });
});
