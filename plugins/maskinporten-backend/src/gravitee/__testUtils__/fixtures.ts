import { generateKeyPairSync } from 'node:crypto';
import { GraviteeMaskinportenEnvironment, GraviteeRenderInput } from '../types';

export const TEST_ENV: GraviteeMaskinportenEnvironment = {
  name: 'test',
  issuer: 'https://test.maskinporten.no/',
  tokenEndpoint: 'https://test.maskinporten.no/token',
};

export const PROD_ENV: GraviteeMaskinportenEnvironment = {
  name: 'prod',
  issuer: 'https://maskinporten.no/',
  tokenEndpoint: 'https://maskinporten.no/token',
};

export const ENVIRONMENTS = [TEST_ENV, PROD_ENV];

// 2048 bits keeps the suite fast; the renderer does not care about the modulus length.
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const PRIVATE_KEY_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
export const PUBLIC_KEY = publicKey;

export function renderInput(overrides: Partial<GraviteeRenderInput> = {}): GraviteeRenderInput {
  return {
    entityRef: 'component:default/payroll-sync',
    name: 'Maskinporten payroll-sync (test)',
    environment: TEST_ENV,
    clientId: '0f8e6d2c-1b3a-4c5d-8e9f-0a1b2c3d4e5f',
    scopes: ['dfo:ansatte', 'dfo:organisasjon'],
    kid: 'myorg-payroll-sync-test-20260101-ab12',
    privateKeyPem: PRIVATE_KEY_PEM,
    contextPath: '/maskinporten/payroll-sync-test',
    ipAllowList: ['192.0.2.0/24', '2001:db8::/32'],
    ...overrides,
  };
}
