import { InputError } from '@backstage/errors';
import { GRANT_REQUEST_BODY, POLICY, TOKEN_CACHE_RESOURCE } from '../constants';
import { allSteps, endpointTargets, resources, stepOf } from '../__testUtils__/definitions';
import { PRIVATE_KEY_PEM, PROD_ENV, renderInput, TEST_ENV } from '../__testUtils__/fixtures';
import { validatePolicyConfiguration, validateResourceConfiguration } from '../__testUtils__/schemaValidator';
import {
  CachePolicyConfiguration,
  GenerateJwtConfiguration,
  GraviteeFormat,
  GraviteeSecretMode,
  IpFilteringConfiguration,
  TransformHeadersConfiguration,
} from '../types';
import { renderGraviteeDefinition } from './render';

const FORMATS: GraviteeFormat[] = ['v2', 'v4'];
const MODES: GraviteeSecretMode[] = ['placeholder', 'inline'];
const PEM_BODY_SAMPLE = PRIVATE_KEY_PEM.split('\n')[1];

describe('renderGraviteeDefinition', () => {
  describe('v2', () => {
    const definition = renderGraviteeDefinition(renderInput(), { format: 'v2' });

    it('is a gravitee 2.0.0 proxy with the context path and one token endpoint', () => {
      expect(definition.gravitee).toBe('2.0.0');
      expect(definition.visibility).toBe('PRIVATE');
      expect(definition.proxy.virtual_hosts).toEqual([{ path: '/maskinporten/payroll-sync-test' }]);
      expect(definition.proxy.groups).toHaveLength(1);
      expect(definition.proxy.groups[0].endpoints).toEqual([
        expect.objectContaining({ target: TEST_ENV.tokenEndpoint, backup: false }),
      ]);
      expect(definition.proxy.groups[0].ssl).toEqual({ trustAll: false, hostnameVerifier: true });
    });

    it('runs the token request steps in order, then turns GET into POST', () => {
      expect(definition.flow_mode).toBe('DEFAULT');
      expect(definition.flows.map(f => f.pre.map(s => s.policy))).toEqual([
        [
          POLICY.ipFiltering,
          POLICY.generateJwt,
          POLICY.assignContent,
          POLICY.transformQueryParams,
          POLICY.transformHeaders,
        ],
        [POLICY.overrideRequestMethod],
      ]);
      expect(definition.flows[1].methods).toEqual(['GET']);
    });

    it('has one API-key plan whose cache is keyed on the scope header', () => {
      expect(definition.plans).toHaveLength(1);
      const plan = definition.plans[0];
      expect(plan.security).toBe('API_KEY');
      expect(JSON.parse(plan.securityDefinition)).toEqual({ propagateApiKey: false });
      const cache = plan.flows[0].pre[0];
      expect(cache.policy).toBe(POLICY.cache);
      expect(cache.configuration).toMatchObject({
        cacheName: TOKEN_CACHE_RESOURCE,
        key: "{#request.headers['scope']}",
        scope: 'APPLICATION',
      });
    });
  });

  describe('v4', () => {
    const payload = renderGraviteeDefinition(renderInput(), { format: 'v4' });

    it('is a V4 PROXY API inside the import payload', () => {
      expect(Object.keys(payload).sort()).toEqual(['api', 'members', 'metadata', 'pages', 'plans']);
      expect(payload.api.definitionVersion).toBe('V4');
      expect(payload.api.type).toBe('PROXY');
      expect(payload.api.listeners).toEqual([
        {
          type: 'HTTP',
          paths: [{ path: '/maskinporten/payroll-sync-test' }],
          entrypoints: [{ type: 'http-proxy', qos: 'AUTO' }],
        },
      ]);
      expect(payload.api.endpointGroups).toHaveLength(1);
      expect(payload.api.endpointGroups[0].type).toBe('http-proxy');
      expect(payload.api.endpointGroups[0].endpoints).toEqual([
        expect.objectContaining({
          type: 'http-proxy',
          secondary: false,
          configuration: { target: TEST_ENV.tokenEndpoint },
        }),
      ]);
    });

    it('uses request-phase flows with HTTP selectors, GET to POST last', () => {
      expect(payload.api.flowExecution.mode).toBe('DEFAULT');
      expect(payload.api.flows.map(f => f.request.map(s => s.policy))).toEqual([
        [
          POLICY.ipFiltering,
          POLICY.generateJwt,
          POLICY.assignContent,
          POLICY.transformQueryParams,
          POLICY.transformHeaders,
        ],
        [POLICY.overrideRequestMethod],
      ]);
      expect(payload.api.flows[1].selectors).toEqual([
        { type: 'HTTP', path: '/', pathOperator: 'STARTS_WITH', methods: ['GET'] },
      ]);
    });

    it('has one API-key plan with the scope-keyed cache', () => {
      expect(payload.plans).toHaveLength(1);
      expect(payload.plans[0]).toMatchObject({
        definitionVersion: 'V4',
        security: { type: 'API_KEY' },
        status: 'PUBLISHED',
      });
      expect(payload.plans[0].flows[0].request[0].configuration).toMatchObject({
        key: "{#request.headers['scope']}",
        scope: 'APPLICATION',
      });
    });
  });

  describe.each(FORMATS)('%s policy configurations', format => {
    it.each(MODES)('validate against each policy schema (secrets=%s)', secrets => {
      const definition = renderGraviteeDefinition(renderInput(), { format, secrets });
      const steps = allSteps(definition);
      expect(steps.length).toBeGreaterThanOrEqual(7);
      for (const { step, where } of steps) {
        const result = validatePolicyConfiguration(step.policy, step.configuration);
        expect({ where, policy: step.policy, errors: result.errors }).toEqual({
          where,
          policy: step.policy,
          errors: [],
        });
      }
      for (const resource of resources(definition)) {
        expect(validateResourceConfiguration(resource.type, resource.configuration).errors).toEqual([]);
      }
    });

    it('configures Generate JWT for this integration only', () => {
      const definition = renderGraviteeDefinition(renderInput({ environment: PROD_ENV }), { format });
      const jwt = stepOf<GenerateJwtConfiguration>(definition, POLICY.generateJwt).configuration;
      expect(jwt).toMatchObject({
        signature: 'RSA_RS256',
        keyResolver: 'INLINE',
        kid: 'myorg-payroll-sync-test-20260101-ab12',
        audiences: ['https://maskinporten.no/'],
        issuer: '0f8e6d2c-1b3a-4c5d-8e9f-0a1b2c3d4e5f',
        expiresIn: 118,
        expiresInUnit: 'SECONDS',
        x509CertificateChain: 'NONE',
        customClaims: [{ name: 'scope', value: "{#request.headers['scope'][0]}" }],
      });
      expect(endpointTargets(definition)).toEqual([PROD_ENV.tokenEndpoint]);
      expect(JSON.stringify(definition)).not.toContain('test.maskinporten.no');
    });

    it('assigns the jwt-bearer form body and the form content type', () => {
      const definition = renderGraviteeDefinition(renderInput(), { format });
      expect(stepOf(definition, POLICY.assignContent).configuration).toEqual({
        scope: 'REQUEST',
        body: GRANT_REQUEST_BODY,
      });
      const body = new URLSearchParams(GRANT_REQUEST_BODY);
      expect(body.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
      expect(body.get('assertion')).toBe("${context.attributes['jwt.generated']}");
      const headers = stepOf<TransformHeadersConfiguration>(definition, POLICY.transformHeaders).configuration;
      expect(headers.addHeaders).toEqual([{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }]);
      expect(headers.removeHeaders).toEqual(expect.arrayContaining(['iss', 'X-Gravitee-Api-Key']));
      expect(stepOf(definition, POLICY.transformQueryParams).configuration).toMatchObject({
        removeQueryParameters: ['scope', 'iss'],
      });
    });

    it('reads the issuer from a header when asked (shared gateways), and strips that header', () => {
      const definition = renderGraviteeDefinition(renderInput({ issuerFromHeader: 'X-Client-Id' }), { format });
      expect(stepOf<GenerateJwtConfiguration>(definition, POLICY.generateJwt).configuration.issuer).toBe(
        "{#request.headers['X-Client-Id'][0]}",
      );
      expect(
        stepOf<TransformHeadersConfiguration>(definition, POLICY.transformHeaders).configuration.removeHeaders,
      ).toContain('X-Client-Id');
    });

    it('takes the IP allow-list from the input and omits the filter for an empty list', () => {
      const definition = renderGraviteeDefinition(renderInput(), { format, matchAllFromXForwardedFor: true });
      expect(stepOf<IpFilteringConfiguration>(definition, POLICY.ipFiltering).configuration).toEqual({
        matchAllFromXForwardedFor: true,
        whitelistIps: ['192.0.2.0/24', '2001:db8::/32'],
        blacklistIps: [],
        // Else a /32 or /31 entry matches no caller at all (seen on the real gateway).
        isInclusiveHostCount: true,
      });
      const open = renderGraviteeDefinition(renderInput({ ipAllowList: [] }), { format });
      expect(allSteps(open).map(s => s.step.policy)).not.toContain(POLICY.ipFiltering);
    });

    it('never caches a token longer than it lives', () => {
      const byDefault = renderGraviteeDefinition(renderInput(), { format });
      const cacheTtl = (d: typeof byDefault) => ({
        policy: stepOf<CachePolicyConfiguration>(d, POLICY.cache).configuration.timeToLiveSeconds,
        resource: resources(d)[0].configuration.timeToLiveSeconds,
      });
      expect(cacheTtl(byDefault)).toEqual({ policy: 118, resource: 118 });

      const shortLived = renderGraviteeDefinition(renderInput({ tokenLifetimeSeconds: 60 }), { format });
      expect(cacheTtl(shortLived)).toEqual({ policy: 58, resource: 58 });

      const longLived = renderGraviteeDefinition(renderInput({ tokenLifetimeSeconds: 3600 }), { format });
      expect(cacheTtl(longLived)).toEqual({ policy: 118, resource: 118 });
      const longerOnRequest = renderGraviteeDefinition(renderInput({ tokenLifetimeSeconds: 3600 }), {
        format,
        cacheTtlSeconds: 600,
      });
      expect(cacheTtl(longerOnRequest)).toEqual({ policy: 600, resource: 600 });

      const shorter = renderGraviteeDefinition(renderInput(), { format, cacheTtlSeconds: 30 });
      expect(cacheTtl(shorter)).toEqual({ policy: 30, resource: 30 });

      expect(() =>
        renderGraviteeDefinition(renderInput({ tokenLifetimeSeconds: 60 }), { format, cacheTtlSeconds: 100 }),
      ).toThrow(/cacheTtlSeconds must be a whole number from 1 to 58/);
    });

    it('keeps the grant lifetime at or under 118 s', () => {
      const definition = renderGraviteeDefinition(renderInput(), { format, grantLifetimeSeconds: 60 });
      expect(stepOf<GenerateJwtConfiguration>(definition, POLICY.generateJwt).configuration.expiresIn).toBe(60);
      expect(() => renderGraviteeDefinition(renderInput(), { format, grantLifetimeSeconds: 119 })).toThrow(
        /grantLifetimeSeconds must be a whole number from 1 to 118/,
      );
    });

    it('gives the plan a stable id per integration', () => {
      const planId = (input = renderInput()) => {
        const d = renderGraviteeDefinition(input, { format });
        return 'gravitee' in d ? d.plans[0].id : d.plans[0].id;
      };
      expect(planId()).toBe(planId());
      expect(planId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(planId(renderInput({ environment: PROD_ENV }))).not.toBe(planId());
    });
  });

  describe.each(FORMATS)('%s secrets', format => {
    const keyOf = (secrets: GraviteeSecretMode, extra = {}) => {
      const definition = renderGraviteeDefinition(renderInput(), { format, secrets, ...extra });
      const description = 'gravitee' in definition ? definition.description : definition.api.description;
      return {
        json: JSON.stringify(definition),
        content: stepOf<GenerateJwtConfiguration>(definition, POLICY.generateJwt).configuration.content,
        description,
      };
    };

    it('placeholder (the default) says where the key comes from and never contains it', () => {
      const byDefault = keyOf(undefined as unknown as GraviteeSecretMode);
      const explicit = keyOf('placeholder');
      expect(byDefault.content).toBe(explicit.content);
      expect(explicit.content).toMatch(/^PLACEHOLDER - NO PRIVATE KEY HERE: replace with the PEM private key of kid "myorg-payroll-sync-test-20260101-ab12"/);
      expect(explicit.content).toContain('component:default/payroll-sync');
      expect(explicit.description).toMatch(/private key is NOT included/);
      expect(explicit.json).not.toContain('-----BEGIN');
      expect(explicit.json).not.toContain(PEM_BODY_SAMPLE);
    });

    it('placeholder takes a configured hint', () => {
      const { content, description } = keyOf('placeholder', { placeholderHint: 'Ask the platform team for the Vault path' });
      expect(content).toContain('Ask the platform team for the Vault path');
      expect(description).toContain('Ask the platform team for the Vault path');
    });

    it('inline embeds the PEM and the description warns about it', () => {
      const { content, description } = keyOf('inline');
      expect(content).toBe(PRIVATE_KEY_PEM.trim());
      expect(description).toMatch(/CONTAINS THE PRIVATE KEY/);
    });

    it('inline refuses to render without a usable private key', () => {
      expect(() =>
        renderGraviteeDefinition(renderInput({ privateKeyPem: undefined }), { format, secrets: 'inline' }),
      ).toThrow(InputError);
      expect(() =>
        renderGraviteeDefinition(renderInput({ privateKeyPem: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' }), {
          format,
          secrets: 'inline',
        }),
      ).toThrow(/unencrypted PEM-encoded RSA private key/);
    });

    it('has no secret-reference mode: Generate JWT never evaluates an expression in its key', () => {
      expect(() => keyOf('reference' as GraviteeSecretMode)).toThrow(/secrets must be one of placeholder, inline/);
    });
  });

  describe('input validation', () => {
    it.each([
      ['an issuer without trailing slash', { environment: { ...TEST_ENV, issuer: 'https://test.maskinporten.no' } }, /environment.issuer must end with "\/"/],
      ['a token endpoint that is not a URL', { environment: { ...TEST_ENV, tokenEndpoint: 'maskinporten/token' } }, /environment.tokenEndpoint/],
      ['a kid with spaces', { kid: 'my kid' }, /^kid must be/],
      ['a client id with EL', { clientId: '{#request.headers}' }, /^clientId must be/],
      ['no scopes', { scopes: [] }, /scopes must be a non-empty array/],
      ['a scope with a space', { scopes: ['a:b c:d'] }, /scopes\[0\]/],
      ['a relative context path', { contextPath: 'maskinporten' }, /contextPath/],
      ['an IP range with a bad prefix', { ipAllowList: ['192.0.2.0/33'] }, /ipAllowList\[0\]/],
      ['a padded catch-all range', { ipAllowList: ['10.0.0.0/8', '0.0.0.0/00'] }, /^ipAllowList\[1\]/],
      ['a catch-all range', { ipAllowList: ['::/0'] }, /^ipAllowList\[0\]/],
      ['a prefix with a leading zero', { ipAllowList: ['10.0.0.0/08'] }, /^ipAllowList\[0\]/],
      ['a ".." segment in the context path', { contextPath: '/maskinporten/../admin' }, /^contextPath must be/],
      ['a "." segment in the context path', { contextPath: '/maskinporten/./x' }, /^contextPath must be/],
      ['an empty segment in the context path', { contextPath: '/maskinporten//x' }, /^contextPath must be/],
      ['a host name in the allow-list', { ipAllowList: ['example.org'] }, /ipAllowList\[0\]/],
      ['an issuer header with quotes', { issuerFromHeader: "x'y" }, /issuerFromHeader/],
      ['a token lifetime too short to cache', { tokenLifetimeSeconds: 2 }, /tokenLifetimeSeconds/],
    ])('rejects %s with an InputError naming the field', (_name, overrides, message) => {
      const render = () => renderGraviteeDefinition(renderInput(overrides), { format: 'v2' });
      expect(render).toThrow(InputError);
      expect(render).toThrow(message);
    });

    it('rejects unknown formats and secret modes', () => {
      expect(() => renderGraviteeDefinition(renderInput(), { format: 'v3' as GraviteeFormat })).toThrow(
        /format must be v2 or v4/,
      );
      expect(() =>
        renderGraviteeDefinition(renderInput(), { format: 'v2', secrets: 'vault' as GraviteeSecretMode }),
      ).toThrow(/secrets must be one of placeholder, inline, got/);
    });
  });
});
