import { generateKeyPairSync } from 'node:crypto';
import { findings, lint, renderedV2, renderedV4, summary, V2_JWT, v2Jwt, V4_JWT, v4Jwt } from '../../__testUtils__/lint';
import { PRIVATE_KEY_PEM } from '../../__testUtils__/fixtures';

describe('jwt-signature', () => {
  it.each(['HMAC_HS256', 'HMAC_HS512', 'RSA_RS512'])('reports %s', signature => {
    const definition = renderedV2();
    v2Jwt(definition).signature = signature;
    expect(summary(findings(definition, 'jwt-signature'))).toEqual([`jwt-signature@${V2_JWT}.signature (error)`]);
  });
});

describe('key-resolver-file', () => {
  it.each(['PEM', 'JKS', 'PKCS12'])('warns that a %s file needs a gateway restart to rotate', keyResolver => {
    const definition = renderedV4();
    Object.assign(v4Jwt(definition), { keyResolver, content: '/etc/gravitee/maskinporten.key' });
    const [finding] = findings(definition, 'key-resolver-file');
    expect(summary([finding])).toEqual([`key-resolver-file@${V4_JWT}.keyResolver (warning)`]);
    expect(finding.message).toContain('gateway restart');
    expect(findings(definition, 'key-content-invalid')).toEqual([]);
  });
});

describe('key-inline and key-content-invalid', () => {
  it('warns about a private key in the definition', () => {
    const definition = renderedV2();
    v2Jwt(definition).content = PRIVATE_KEY_PEM;
    expect(summary(findings(definition, 'key-inline'))).toEqual([`key-inline@${V2_JWT}.content (warning)`]);
  });

  it('reports a public key, a non-RSA key or plain text as the key', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (const content of [
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
    ]) {
      const definition = renderedV2();
      v2Jwt(definition).content = content;
      expect(summary(findings(definition, 'key-content-invalid'))).toEqual([
        `key-content-invalid@${V2_JWT}.content (error)`,
      ]);
    }
  });
});

describe('jwt-issuer and jwt-claims', () => {
  it("jwt-issuer: unset (the gateway's default) or a placeholder", () => {
    for (const issuer of [undefined, 'urn://gravitee-api-gw', '<client id>']) {
      const definition = renderedV2();
      if (issuer === undefined) delete v2Jwt(definition).issuer;
      else v2Jwt(definition).issuer = issuer;
      expect(summary(findings(definition, 'jwt-issuer', { lookupKey: undefined }))).toEqual([
        `jwt-issuer@${V2_JWT}.issuer (error)`,
      ]);
    }
  });

  it('jwt-claims: no scope claim', () => {
    const definition = renderedV2();
    v2Jwt(definition).customClaims = [];
    expect(summary(findings(definition, 'jwt-claims'))).toEqual([`jwt-claims@${V2_JWT}.customClaims (error)`]);
  });

  it('jwt-claims: an undocumented claim, a subject, a fixed jti', () => {
    const definition = renderedV2();
    const jwt = v2Jwt(definition);
    jwt.customClaims.push({ name: 'client_id', value: 'x' }, { name: 'consumer_org', value: '974760673' });
    jwt.subject = 'someone';
    jwt.id = 'always-the-same';
    expect(summary(findings(definition, 'jwt-claims'))).toEqual([
      `jwt-claims@${V2_JWT}.customClaims[1].name (error)`,
      `jwt-claims@${V2_JWT}.subject (error)`,
      `jwt-claims@${V2_JWT}.id (error)`,
    ]);
    jwt.id = '{#T(java.util.UUID).randomUUID()}';
    expect(findings(definition, 'jwt-claims')).toHaveLength(2);
  });
});

describe('generate-jwt-missing', () => {
  it('warns when there is no Generate JWT step to check', () => {
    const definition = renderedV4();
    definition.api.flows[0].request.splice(1, 1);
    expect(summary(lint(definition))).toEqual(['generate-jwt-missing@$.api.flows (warning)']);
  });
});

describe('key-content-expression', () => {
  it('is an error: Generate JWT 1.8.x never evaluates an expression in its key', () => {
    for (const definition of [renderedV2(), renderedV4()]) {
      const jwt = 'flows' in definition && Array.isArray(definition.flows) ? v2Jwt(definition) : v4Jwt(definition);
      jwt.content = "{#secrets.get('/vault/secret/maskinporten/test', 'kid-1')}";
      const found = findings(definition, 'key-content-expression');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ severity: 'error' });
      expect(found[0].message).toMatch(/never evaluates it/);
    }
  });
});
