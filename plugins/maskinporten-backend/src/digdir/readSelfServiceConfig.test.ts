import { generateKeyPairSync } from 'node:crypto';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/config';
import { createTestCertificate } from '@maskinporten-backstage/maskinporten-simulator';
import { readMaskinportenConfig } from '../config/readMaskinportenConfig';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const PEM_BODY_LINE = PEM.split('\n')[1];

function read(selfService: JsonObject | undefined) {
  return readMaskinportenConfig(
    new ConfigReader({
      maskinporten: {
        environments: {
          test: {
            issuer: 'https://test.maskinporten.no/',
            tokenEndpoint: 'https://test.maskinporten.no/token',
            ...(selfService && { selfService }),
          },
        },
      },
    }),
  ).environments.get('test')!;
}

const base = { baseUrl: 'https://api.test.samarbeid.digdir.no/api/v1/' };

describe('maskinporten.environments.<env>.selfService', () => {
  it('is absent unless configured', () => {
    expect(read(undefined)).not.toHaveProperty('selfService');
  });

  it('reads the admin token with the documented defaults', () => {
    expect(read({ ...base, auth: { adminToken: 'tok' } }).selfService).toEqual({
      baseUrl: 'https://api.test.samarbeid.digdir.no/api/v1',
      auth: { kind: 'adminToken', adminToken: 'tok' },
      timeoutMs: 10000,
      retries: 3,
      backoffMs: 500,
    });
  });

  it('reads an admin client with kid, parsing the key once', () => {
    const selfService = read({
      ...base,
      auth: { clientId: 'admin', privateKey: PEM, keyId: 'admin-key' },
      timeoutMs: 2000,
      retries: 0,
      backoffMs: 5,
    }).selfService!;
    expect(selfService).toMatchObject({
      timeoutMs: 2000,
      retries: 0,
      backoffMs: 5,
      auth: {
        kind: 'adminClient',
        clientId: 'admin',
        keyId: 'admin-key',
        scopes: ['idporten:dcr.read', 'idporten:dcr.write', 'idporten:dcr.modify'],
      },
    });
    // The PEM text is not kept in the config object.
    expect(JSON.stringify(selfService)).not.toContain(PEM_BODY_LINE);
  });

  it('reads an admin client with a certificate chain (base64 DER or PEM)', () => {
    const cert = createTestCertificate({ days: 30 });
    const auth = read({
      ...base,
      auth: {
        clientId: 'admin',
        privateKey: cert.privateKeyPem,
        certificateChain: [cert.certificatePem],
        scopes: ['idporten:dcr.read'],
      },
    }).selfService!.auth;
    expect(auth).toMatchObject({
      kind: 'adminClient',
      certificateChain: [cert.certificateBase64Der],
      scopes: ['idporten:dcr.read'],
    });
    expect(auth).not.toHaveProperty('keyId', expect.anything());
  });

  const key = 'maskinporten.environments.test.selfService';
  it.each<[string, JsonObject, RegExp]>([
    ['no baseUrl', { auth: { adminToken: 't' } }, /selfService\.baseUrl is required/],
    ['a relative baseUrl', { baseUrl: 'api/v1', auth: { adminToken: 't' } }, /selfService\.baseUrl must be an absolute URL/],
    ['an ftp baseUrl', { baseUrl: 'ftp://x/api/v1', auth: { adminToken: 't' } }, /selfService\.baseUrl must be an http\(s\) URL/],
    ['credentials in baseUrl', { baseUrl: 'https://u:p@x/api/v1', auth: { adminToken: 't' } }, /selfService\.baseUrl must be a plain base URL/],
    ['no auth', { ...base }, /selfService\.auth is required/],
    ['both modes', { ...base, auth: { adminToken: 't', clientId: 'c' } }, /either adminToken or clientId, not both/],
    ['neither mode', { ...base, auth: { scopes: ['a'] } }, /selfService\.auth needs either adminToken/],
    ['no private key', { ...base, auth: { clientId: 'c', keyId: 'k' } }, /selfService\.auth\.privateKey is required/],
    ['no kid or chain', { ...base, auth: { clientId: 'c', privateKey: PEM } }, /needs keyId .* or certificateChain/],
    ['kid and chain', { ...base, auth: { clientId: 'c', privateKey: PEM, keyId: 'k', certificateChain: ['x'] } }, /either keyId .* or certificateChain .* not both/],
    ['a bad kid', { ...base, auth: { clientId: 'c', privateKey: PEM, keyId: 'a b' } }, /selfService\.auth\.keyId may only contain/],
    ['a bad certificate', { ...base, auth: { clientId: 'c', privateKey: PEM, certificateChain: ['bm90IGEgY2VydA=='] } }, /selfService\.auth\.certificateChain\[0\] is not a base64 DER/],
    ['an empty chain', { ...base, auth: { clientId: 'c', privateKey: PEM, certificateChain: [] } }, /selfService\.auth\.certificateChain must be a non-empty array/],
    ['zero timeout', { ...base, auth: { adminToken: 't' }, timeoutMs: 0 }, /selfService\.timeoutMs must be a positive/],
    ['fractional retries', { ...base, auth: { adminToken: 't' }, retries: 1.5 }, /selfService\.retries must be an integer from 0 to 10/],
    ['negative backoff', { ...base, auth: { adminToken: 't' }, backoffMs: -1 }, /selfService\.backoffMs must be zero or a positive/],
    ['a string timeout', { ...base, auth: { adminToken: 't' }, timeoutMs: 'soon' }, /selfService\.timeoutMs must be a number/],
  ])('rejects %s, naming the key', (_, selfService, message) => {
    expect(() => read(selfService)).toThrow(message);
    expect(() => read(selfService)).toThrow(key);
  });

  it('names the key without repeating a broken private key', () => {
    const broken = PEM.replace(PEM_BODY_LINE, 'AAAA');
    const attempt = () => read({ ...base, auth: { clientId: 'c', privateKey: broken, keyId: 'k' } });
    expect(attempt).toThrow(`${key}.auth.privateKey is not a readable PEM private key`);
    let message = '';
    try {
      attempt();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toContain('AAAA');
  });

  it('refuses a certificate chain whose leaf does not belong to the private key', () => {
    const cert = createTestCertificate({ days: 30 });
    expect(() =>
      read({ ...base, auth: { clientId: 'c', privateKey: PEM, certificateChain: [cert.certificateBase64Der] } }),
    ).toThrow(`${key}.auth.certificateChain[0] (the leaf certificate) does not belong to the configured privateKey`);
  });
});
