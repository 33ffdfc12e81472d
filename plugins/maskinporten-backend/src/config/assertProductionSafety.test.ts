import { ConfigReader } from '@backstage/config';
import { assertProductionSafety } from './assertProductionSafety';
import { readMaskinportenConfig } from './readMaskinportenConfig';

const simulatorEnvironment = {
  issuer: 'http://localhost:7007/api/maskinporten-simulator/',
  tokenEndpoint: 'http://localhost:7007/api/maskinporten-simulator/token',
  selfService: {
    baseUrl: 'http://localhost:7007/api/maskinporten-simulator/api/v1',
    auth: { adminToken: 'local-simulator-admin-token' },
  },
};

function config(maskinporten: object) {
  return readMaskinportenConfig(new ConfigReader({ maskinporten }));
}

describe('assertProductionSafety', () => {
  it("refuses the example portal's simulator environments in production, naming every key", () => {
    const simulators = config({ environments: { local: simulatorEnvironment } });
    expect(() => assertProductionSafety(simulators, 'production')).toThrow(
      /local\.issuer must be an https URL.*local\.tokenEndpoint must be an https URL.*local\.selfService\.baseUrl must be an https URL.*local\.selfService\.auth\.adminToken is accepted only by the Maskinporten simulator/,
    );
    expect(() => assertProductionSafety(simulators, 'development')).not.toThrow();
    expect(() => assertProductionSafety(simulators, 'test')).not.toThrow();
  });

  it('refuses a static admin token even on https', () => {
    const https = config({
      environments: {
        test: {
          issuer: 'https://test.maskinporten.no/',
          tokenEndpoint: 'https://test.maskinporten.no/token',
          selfService: {
            baseUrl: 'https://api.test.samarbeid.digdir.no/api/v1',
            auth: { adminToken: 'anything' },
          },
        },
      },
    });
    expect(() => assertProductionSafety(https, 'production')).toThrow(/adminToken/);
  });

  it('refuses a plain-http Gravitee management API, which would carry private keys', () => {
    const gravitee = config({
      environments: {},
      gravitee: { managementUrl: 'http://apim.internal:8083', token: 't' },
    });
    expect(() => assertProductionSafety(gravitee, 'production')).toThrow(
      /maskinporten\.gravitee\.managementUrl must be an https URL/,
    );
  });

  it('refuses a plain-http gateway URL, which would carry API keys and access tokens', () => {
    const gravitee = config({
      environments: {},
      gravitee: { managementUrl: 'https://apim.example.org', token: 't', gatewayUrl: 'http://gw.internal:8082' },
    });
    expect(() => assertProductionSafety(gravitee, 'production')).toThrow(
      /maskinporten\.gravitee\.gatewayUrl must be an https URL/,
    );
  });

  it('accepts the real Maskinporten hosts', () => {
    const real = config({
      environments: {
        prod: { issuer: 'https://maskinporten.no/', tokenEndpoint: 'https://maskinporten.no/token' },
      },
      gravitee: { managementUrl: 'https://apim.example.org', token: 't' },
    });
    expect(() => assertProductionSafety(real, 'production')).not.toThrow();
  });
});
