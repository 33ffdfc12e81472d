import { createPrivateKey } from 'node:crypto';
import { exportJWK } from 'jose';
import { MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import { signGrant } from '../../tokenTests/grant';
import { GENERATED_JWT_ATTRIBUTE, POLICY } from '../constants';
import { endpointTargets, stepOf } from '../__testUtils__/definitions';
import { PRIVATE_KEY_PEM, PUBLIC_KEY, renderInput } from '../__testUtils__/fixtures';
import {
  AssignContentConfiguration,
  GenerateJwtConfiguration,
  GraviteeDefinition,
  GraviteeFormat,
  TransformHeadersConfiguration,
} from '../types';
import { renderGraviteeDefinition } from './render';

/*
 * Plays the gateway: reads the rendered policies, resolves the only EL they use (request
 * headers), signs the grant exactly as the Generate JWT configuration describes, builds the
 * body the Assign Content policy describes and posts it where the endpoint points. If any
 * rendered value were wrong (aud, iss, kid, lifetime, body), the simulator would refuse.
 */

const UNIT_SECONDS = { SECONDS: 1, MINUTES: 60, HOURS: 3600, DAYS: 86_400 } as const;

function resolveEl(value: string, headers: Record<string, string>): string {
  const header = /^\{#request\.headers\['([^']+)'\]\[0\]\}$/.exec(value);
  if (header) {
    const found = Object.entries(headers).find(([name]) => name.toLowerCase() === header[1].toLowerCase());
    if (!found) throw new Error(`request has no ${header[1]} header`);
    return found[1];
  }
  if (value.includes('{#')) {
    throw new Error(`the test gateway does not understand ${value}`);
  }
  return value;
}

async function actAsGateway(definition: GraviteeDefinition, headers: Record<string, string>) {
  const jwt = stepOf<GenerateJwtConfiguration>(definition, POLICY.generateJwt).configuration;
  expect(jwt.signature).toBe('RSA_RS256');
  expect(jwt.keyResolver).toBe('INLINE');
  expect(jwt.audiences).toHaveLength(1);
  // Every custom claim is signed, so a claim the renderer drops or invents shows up here.
  const claims = Object.fromEntries(
    jwt.customClaims.map(claim => [claim.name, resolveEl(claim.value, headers)]),
  );
  const { scope, consumer_org: consumerOrg, resource, ...unexpected } = claims;
  expect(unexpected).toEqual({});

  const assertion = await signGrant({
    issuer: jwt.audiences[0],
    clientId: resolveEl(jwt.issuer, headers),
    scopes: scope.split(' '),
    consumerOrg,
    resources: resource ? [resource] : undefined,
    kid: jwt.kid,
    privateKey: createPrivateKey(jwt.content),
    now: new Date(),
    lifetimeSeconds: jwt.expiresIn * UNIT_SECONDS[jwt.expiresInUnit],
  });

  const { body } = stepOf<AssignContentConfiguration>(definition, POLICY.assignContent).configuration;
  const placeholder = `\${context.attributes['${GENERATED_JWT_ATTRIBUTE}']}`;
  expect(body).toContain(placeholder);
  const contentType = stepOf<TransformHeadersConfiguration>(definition, POLICY.transformHeaders).configuration
    .addHeaders.find(h => h.name.toLowerCase() === 'content-type')!.value;

  const [target] = endpointTargets(definition);
  return fetch(target, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: body.replace(placeholder, assertion),
  });
}

describe('a grant signed as the rendered Generate JWT policy describes', () => {
  let sim: MaskinportenSimulator;
  const clientId = 'b2e1c0de-7a5f-4e2b-9c3d-1f2e3d4c5b6a';
  const scopes = ['dfo:ansatte', 'dfo:organisasjon'];
  const kid = 'myorg-payroll-sync-local-20260101-cd34';

  beforeAll(async () => {
    sim = await MaskinportenSimulator.start({
      adminToken: 'a',
      clients: [{ clientId, scopes, consumerOrgs: ['974760673'] }],
    });
    const jwk = await exportJWK(PUBLIC_KEY);
    sim.setClientKeys(clientId, [{ kty: 'RSA', alg: 'RS256', use: 'sig', kid, e: jwk.e, n: jwk.n }]);
  });

  afterAll(async () => {
    await sim.close();
  });

  const input = () =>
    renderInput({
      environment: { name: 'local', issuer: sim.issuer, tokenEndpoint: sim.tokenEndpoint },
      clientId,
      scopes,
      kid,
      privateKeyPem: PRIVATE_KEY_PEM,
    });

  it.each<GraviteeFormat>(['v2', 'v4'])('is accepted by the simulator (%s)', async format => {
    const definition = renderGraviteeDefinition(input(), { format, secrets: 'inline' });
    const response = await actAsGateway(definition, { scope: scopes.join(' ') });
    const body = await response.json();
    expect({ status: response.status, body }).toMatchObject({
      status: 200,
      body: { token_type: 'Bearer', scope: scopes.join(' ') },
    });
  });

  it('carries consumer_org and resource, and the simulator checks the delegation', async () => {
    const delegated = { ...input(), consumerOrg: '974760673', resources: ['https://api.dfo.no/'] };
    const definition = renderGraviteeDefinition(delegated, { format: 'v4', secrets: 'inline' });
    const response = await actAsGateway(definition, { scope: 'dfo:ansatte' });
    expect(response.status).toBe(200);

    const undelegated = renderGraviteeDefinition({ ...delegated, consumerOrg: '910000000' }, { format: 'v4', secrets: 'inline' });
    const refused = await actAsGateway(undelegated, { scope: 'dfo:ansatte' });
    expect((await refused.json()).error_description).toContain('MP-251');
  });

  it('refuses more than one resource, which Generate JWT cannot express', () => {
    expect(() =>
      renderGraviteeDefinition({ ...input(), resources: ['https://a.no/', 'https://b.no/'] }, { format: 'v2' }),
    ).toThrow(/^resources:/);
  });

  it('is accepted with the issuer taken from a header (shared gateway)', async () => {
    const definition = renderGraviteeDefinition({ ...input(), issuerFromHeader: 'iss' }, { format: 'v2', secrets: 'inline' });
    const response = await actAsGateway(definition, { scope: 'dfo:ansatte', iss: clientId });
    expect(response.status).toBe(200);
  });

  it('is refused when the rendered audience is changed to the token endpoint', async () => {
    // Shows the round trip is sensitive to the rendered values, not just to the key.
    const definition = renderGraviteeDefinition(input(), { format: 'v2', secrets: 'inline' });
    stepOf<GenerateJwtConfiguration>(definition, POLICY.generateJwt).configuration.audiences = [sim.tokenEndpoint];
    const response = await actAsGateway(definition, { scope: 'dfo:ansatte' });
    expect(response.status).toBe(400);
    expect((await response.json()).error_description).toContain('MP-110');
  });
});
