/*
 * Test helpers shared by the simulator's own tests: real RSA keys, real
 * signed grants and real HTTP against a simulator on an ephemeral port.
 */
import { randomUUID } from 'node:crypto';
import { CompactSign, exportJWK, generateKeyPair, JWK } from 'jose';
import { ManualClock } from '../clock';
import { MaskinportenSimulator, SimulatorStartOptions } from '../server';

export const ADMIN_TOKEN = 'test-admin-token';
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** A whole second, so that iat/exp arithmetic in tests is exact. */
export const START = new Date('2026-03-02T09:00:00.000Z');

export interface TestKey {
  kid: string;
  alg: 'RS256' | 'RS384' | 'RS512';
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function createTestKey(
  kid: string,
  alg: TestKey['alg'] = 'RS256',
): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    modulusLength: 2048,
    extractable: true,
  });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk };
}

/** A copy of the key's public JWK under another kid. */
export function withKid(key: TestKey, kid: string): TestKey {
  return { ...key, kid, publicJwk: { ...key.publicJwk, kid } };
}

export async function startTestSimulator(
  options: SimulatorStartOptions = {},
): Promise<{ simulator: MaskinportenSimulator; clock: ManualClock }> {
  const clock = new ManualClock(START);
  const simulator = await MaskinportenSimulator.start({
    adminToken: ADMIN_TOKEN,
    clock,
    ...options,
  });
  return { simulator, clock };
}

export const nowSeconds = (clock: ManualClock) =>
  Math.floor(clock.now().getTime() / 1000);

export interface GrantOptions {
  key: TestKey;
  simulator: MaskinportenSimulator;
  clock: ManualClock;
  clientId: string;
  scope?: string;
  /** Claims to add or override; `undefined` removes a claim. */
  claims?: Record<string, unknown>;
  /** Header members to add or override; `undefined` removes one. */
  header?: Record<string, unknown>;
}

function withoutUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Signs a grant exactly as given (no claim validation by jose). */
export async function signGrant(options: GrantOptions): Promise<string> {
  const iat = nowSeconds(options.clock);
  const payload = withoutUndefined({
    aud: options.simulator.issuer,
    iss: options.clientId,
    scope: options.scope ?? 'test:read',
    iat,
    exp: iat + 120,
    jti: randomUUID(),
    ...options.claims,
  });
  const header = withoutUndefined({
    alg: options.key.alg,
    kid: options.key.kid,
    ...options.header,
  });
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader(header as { alg: string })
    .sign(options.key.privateKey);
}

export interface HttpResult {
  status: number;
  body: any;
  headers: Headers;
}

async function toResult(res: Response): Promise<HttpResult> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body, headers: res.headers };
}

export async function requestToken(
  simulator: MaskinportenSimulator,
  assertion: string | undefined,
  options: { grantType?: string; contentType?: string; rawBody?: string } = {},
): Promise<HttpResult> {
  const params = new URLSearchParams();
  params.set('grant_type', options.grantType ?? JWT_BEARER);
  if (assertion !== undefined) {
    params.set('assertion', assertion);
  }
  const res = await fetch(simulator.tokenEndpoint, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    },
    body: options.rawBody ?? params.toString(),
  });
  return toResult(res);
}

export async function callApi(
  simulator: MaskinportenSimulator,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = ADMIN_TOKEN,
): Promise<HttpResult> {
  const headers: Record<string, string> = {};
  if (token !== null) {
    headers.authorization = `Bearer ${token}`;
  }
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${simulator.selfServiceBaseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return toResult(res);
}

/** A valid Maskinporten client body for `POST /clients`. */
export function clientBody(overrides: Record<string, unknown> = {}) {
  return withoutUndefined({
    integration_type: 'maskinporten',
    application_type: 'web',
    client_name: 'Test integration',
    description: 'Created by a test',
    token_endpoint_auth_method: 'private_key_jwt',
    grant_types: [JWT_BEARER],
    scopes: ['test:read'],
    ...overrides,
  });
}

/** Creates a client through the API and registers the keys; returns its id. */
export async function createClientWithKeys(
  simulator: MaskinportenSimulator,
  keys: TestKey[],
  scopes: string[] = ['test:read'],
): Promise<string> {
  const created = await callApi(simulator, 'POST', '/clients', clientBody({ scopes }));
  if (created.status !== 201) {
    throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  }
  const clientId = created.body.client_id as string;
  if (keys.length > 0) {
    const posted = await callApi(simulator, 'POST', `/clients/${clientId}/jwks`, {
      keys: keys.map(k => k.publicJwk),
    });
    if (posted.status !== 200) {
      throw new Error(`jwks failed: ${JSON.stringify(posted.body)}`);
    }
  }
  return clientId;
}

/**
 * Asserts a self-service error in Digdir's shape (okdata-maskinporten-api's fixture of a
 * real answer: `{status, timestamp, correlation_id, errors: [{errorMessage, isFieldError,
 * objectName, fieldIdentifier}], error, error_description}`).
 */
export function expectDigdirError(
  res: HttpResult,
  status: number,
  expected: { field?: string; message?: RegExp | string } = {},
): void {
  expect({ status: res.status, body: res.body }).toMatchObject({
    status,
    body: {
      status,
      timestamp: expect.any(String),
      correlation_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      errors: [
        expect.objectContaining({
          errorMessage: expect.any(String),
          isFieldError: expected.field !== undefined ? true : expect.any(Boolean),
          objectName: expect.any(String),
        }),
      ],
      error: expect.any(String),
      error_description: expect.any(String),
    },
  });
  if (expected.field !== undefined) {
    expect(res.body.errors[0].fieldIdentifier).toBe(expected.field);
  }
  if (expected.message !== undefined) {
    expect(res.body.errors[0].errorMessage).toMatch(expected.message);
  }
}

/**
 * An access token of a client created for the purpose, holding `scopes`: how a real admin
 * client reaches the self-service API. The scopes must be in the simulator's catalogue, if any.
 */
export async function accessTokenFor(
  simulator: MaskinportenSimulator,
  clock: ManualClock,
  key: TestKey,
  scopes: string[],
): Promise<string> {
  const clientId = await createClientWithKeys(simulator, [key], scopes);
  const res = await requestToken(
    simulator,
    await signGrant({ key, simulator, clock, clientId, scope: scopes.join(' ') }),
  );
  if (res.status !== 200) {
    throw new Error(`token failed: ${JSON.stringify(res.body)}`);
  }
  return res.body.access_token as string;
}

/** Asserts a token-endpoint rejection: HTTP 400, the OAuth error, and the MP code. */
export function expectTokenError(
  res: HttpResult,
  error: string,
  code: string | undefined,
  mentions?: string | RegExp,
): void {
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  expect(res.body.error).toBe(error);
  if (code) {
    expect(res.body.error_description).toContain(code);
  }
  if (mentions) {
    expect(res.body.error_description).toMatch(mentions);
  }
}
