import {
  TestDatabases,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { buildMaskinportenClientEntity } from '@maskinporten-backstage/plugin-maskinporten-common';
import { MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import request from 'supertest';
import { maskinportenPlugin } from '../plugin';
import { DRY_RUN_KID } from './ProvisioningService';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const SECRET = 'provisioning-test-secret-that-is-long-enough-0123';
const ROUTE = '/api/maskinporten/v1/provisioning/integrations';
const ADMIN_TOKEN = 'provisioning-admin-token';
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

const existing: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'taken', namespace: 'default' },
  spec: { type: 'maskinporten-client', owner: 'group:default/team-other' },
};

describe.each(databases.eachSupportedId())('provisioning route on %p', databaseId => {
  let simulator: MaskinportenSimulator;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let knex: Awaited<ReturnType<typeof databases.init>>;
  // The catalog as the token-test route sees it; a test adds the entity the template writes.
  const catalogEntities: Entity[] = [existing];
  const denied = new Set<string>();
  const auditEvents: Array<{ eventId: string; outcome?: string; meta?: unknown }> = [];

  beforeAll(async () => {
    simulator = await MaskinportenSimulator.start({
      adminToken: ADMIN_TOKEN,
      scopes: ['dfo:ansatte', 'dfo:organisasjon'],
    });
    knex = await databases.init(databaseId);
    const auditor = mockServices.auditor.mock({
      createEvent: async ({ eventId, meta }) => {
        const record: { eventId: string; outcome?: string; meta?: unknown } = { eventId, meta };
        auditEvents.push(record);
        return {
          success: async () => {
            record.outcome = 'success';
          },
          fail: async () => {
            record.outcome = 'fail';
          },
        };
      },
    });
    const byRef = (ref: string) =>
      catalogEntities.find(e => stringifyEntityRef(e) === ref.toLocaleLowerCase('en-US'));
    backend = await startTestBackend({
      features: [
        maskinportenPlugin,
        mockServices.database.factory({ knex }),
        auditor.factory,
        catalogServiceMock.mock({
          getEntityByRef: async (ref: any) => byRef(String(ref)),
          getEntitiesByRefs: async ({ entityRefs }: any) => ({
            items: entityRefs.map((ref: string) => byRef(ref) ?? null),
          }),
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            maskinporten: {
              environments: {
                test: {
                  issuer: simulator.issuer,
                  tokenEndpoint: simulator.tokenEndpoint,
                  selfService: {
                    baseUrl: simulator.selfServiceBaseUrl,
                    auth: { adminToken: ADMIN_TOKEN },
                    retries: 1,
                    backoffMs: 1,
                    timeoutMs: 2000,
                  },
                },
                // Configured for tokens but not for Digdir's self-service API.
                manual: { issuer: simulator.issuer, tokenEndpoint: simulator.tokenEndpoint },
              },
              keys: { modulusLength: 2048, kidPrefix: 'pv' },
              keyEncryption: { secret: SECRET },
            },
          },
        }),
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => ({
              result: denied.has(r.permission.name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
            })),
        }).factory,
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await simulator?.close();
  });

  afterEach(() => {
    simulator.faults.clear();
    denied.clear();
  });

  const body = (name: string, extra: Record<string, unknown> = {}) => ({
    entityRef: `resource:default/${name}`,
    owner: 'group:default/team-lonn',
    environment: 'manual',
    scopes: ['dfo:ansatte'],
    idempotencyKey: `task-${name}-${databaseId}`,
    ...extra,
  });
  const post = (payload: unknown) => request(backend.server).post(ROUTE).send(payload as object);
  const keysOf = (name: string) =>
    knex('maskinporten_keys').where({ entity_ref: `resource:default/${name}` });
  const requestsOf = (name: string) =>
    knex('maskinporten_provisioning_requests').where({ entity_ref: `resource:default/${name}` });
  const digdirClients = async () => {
    const res = await fetch(`${simulator.selfServiceBaseUrl}/clients`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    return (await res.json()) as Array<{ client_id: string; description: string; scopes: string[] }>;
  };

  it('creates one key for a new integration and answers with public material only', async () => {
    const res = await post(body('lonn-dfo', { clientId: 'existing-client' }));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      entityRef: 'resource:default/lonn-dfo',
      environment: 'manual',
      kid: expect.stringMatching(/^pv-manual-lonn-dfo-\d{8}-[0-9a-f]{12}$/),
      jwks: [expect.objectContaining({ kid: res.body.kid, kty: 'RSA', use: 'sig', alg: 'RS256' })],
      clientId: 'existing-client',
      registeredWithDigdir: false,
      dryRun: false,
    });
    expect(Object.keys(res.body.jwks[0]).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(JSON.stringify(res.body)).not.toMatch(/PRIVATE|mpk1\./);
    for (const member of PRIVATE_JWK_MEMBERS) expect(res.body.jwks[0]).not.toHaveProperty(member);

    const keys = await keysOf('lonn-dfo');
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({
      kid: res.body.kid,
      client_id: 'existing-client',
      state: 'pending',
      created_by: 'user:default/mock',
    });
    expect(keys[0].private_key_ciphertext).toMatch(/^mpk1\./);
    expect(await requestsOf('lonn-dfo')).toHaveLength(1);
    expect(auditEvents).toContainEqual(
      expect.objectContaining({ eventId: 'integration-create', outcome: 'success' }),
    );
  });

  it('answers a replay with the same key and creates nothing', async () => {
    const first = await post(body('replayed'));
    expect(first.status).toBe(201);
    const again = await post(body('replayed'));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await keysOf('replayed')).toHaveLength(1);
  });

  it('makes one key when two requests with the same idempotency key race', async () => {
    const [a, b] = await Promise.all([post(body('raced')), post(body('raced'))]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.kid).toBe(b.body.kid);
    expect(await keysOf('raced')).toHaveLength(1);
    expect(await requestsOf('raced')).toHaveLength(1);
  });

  it('refuses a reused idempotency key with a different request (409), writing nothing', async () => {
    await post(body('first-use')).expect(201);
    const res = await post(
      body('second-use', { idempotencyKey: `task-first-use-${databaseId}` }),
    );
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/^idempotencyKey: already used for a different request/);
    expect(await keysOf('second-use')).toHaveLength(0);
  });

  it('provisions a name once: another request for it is refused (409), in any environment', async () => {
    await post(body('has-keys')).expect(201);
    for (const environment of ['manual', 'test']) {
      const res = await post(
        body('has-keys', { environment, idempotencyKey: `other-task-${environment}-${databaseId}` }),
      );
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(
        /^entityRef: resource:default\/has-keys was already provisioned \(manual, by user:default\/mock\)/,
      );
    }
    expect(await keysOf('has-keys')).toHaveLength(1);
  });

  it('refuses a name whose keys outlived an earlier integration (409)', async () => {
    await post(body('leftover')).expect(201);
    await requestsOf('leftover').delete();
    const res = await post(body('leftover', { idempotencyKey: `later-task-${databaseId}` }));
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/^entityRef: resource:default\/leftover already has keys/);
    expect(await keysOf('leftover')).toHaveLength(1);
  });

  it("creates integrations only for the caller's own teams, unless the caller administers (403 naming the owner)", async () => {
    denied.add('maskinporten.integration.admin');
    const foreign = await post(body('foreign-owner'));
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.message).toMatch(
      /^owner: group:default\/team-lonn is not one of your teams/,
    );
    expect(await keysOf('foreign-owner')).toHaveLength(0);
    expect(await requestsOf('foreign-owner')).toHaveLength(0);
    // The mock user owns itself; an administrator may create for anyone (the default here).
    await post(body('own-owner', { owner: 'user:default/mock' })).expect(201);
    denied.clear();
    await post(body('admin-made')).expect(201);
  });

  it('refuses an entity that already exists in the catalog (409): its keys belong to its owners', async () => {
    const res = await post(body('taken'));
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/^entityRef: resource:default\/taken already exists/);
    expect(await keysOf('taken')).toHaveLength(0);
    expect(await requestsOf('taken')).toHaveLength(0);
  });

  it('validates a dry run and creates nothing', async () => {
    const before = (await digdirClients()).length;
    const res = await post(body('dry', { dryRun: true, environment: 'test', registerWithDigdir: true }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kid: DRY_RUN_KID, jwks: [], dryRun: true, registeredWithDigdir: false });
    expect(await keysOf('dry')).toHaveLength(0);
    expect(await requestsOf('dry')).toHaveLength(0);
    expect(await digdirClients()).toHaveLength(before);
    // A dry run does not use up the idempotency key.
    await post(body('dry', { environment: 'test' })).expect(201);
    // Nor does it get past the checks a real run makes.
    const conflict = await post(body('taken', { dryRun: true }));
    expect(conflict.status).toBe(409);
  });

  it('refuses a scope the organisation has no access to (400 naming scopes), creating nothing', async () => {
    const before = (await digdirClients()).length;
    const res = await post(body('no-access', { environment: 'test', registerWithDigdir: true, scopes: ['ukjent:tilgang'] }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^scopes: the organisation has no access to "ukjent:tilgang" in test/);
    expect(await keysOf('no-access')).toHaveLength(0);
    expect(await requestsOf('no-access')).toHaveLength(0);
    expect(await digdirClients()).toHaveLength(before);
  });

  it.each([
    ['unknown environment', { environment: 'staging' }, /^environment: Unknown Maskinporten environment "staging".*test, manual/],
    ['scope syntax', { scopes: ['dfo'] }, /^scopes: Invalid scope syntax/],
    ['empty scopes', { scopes: [] }, /^scopes: must be a non-empty list/],
    ['not a Resource', { entityRef: 'component:default/bad-kind' }, /^entityRef: an integration is created as a maskinporten-client Resource/],
    ['invalid name', { entityRef: 'resource:default/Not_OK!' }, /^entityRef: must be a valid catalog name/],
    ['owner not a ref', { owner: 'component:default/x' }, /^owner: must be a group or user ref/],
    ['Digdir not configured', { registerWithDigdir: true }, /^registerWithDigdir: Digdir's self-service API is not configured for environment "manual"/],
    ['Digdir and a client id', { environment: 'test', registerWithDigdir: true, clientId: 'c' }, /^registerWithDigdir: creates a new client, so it cannot be combined with clientId/],
    ['flag not boolean', { dryRun: 'yes' }, /^dryRun: must be true or false/],
    ['no idempotency key', { idempotencyKey: undefined }, /^idempotencyKey: must be/],
    ['unknown field', { kid: 'mine' }, /^request body: unknown field "kid"/],
  ])('400 for %s, naming the field, before anything is created', async (_, change, message) => {
    const payload = { ...body('invalid-input'), ...change };
    const res = await post(payload);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(await keysOf('invalid-input')).toHaveLength(0);
    expect(await requestsOf('invalid-input')).toHaveLength(0);
  });

  it('403 without maskinporten.integration.create, before anything is created', async () => {
    denied.add('maskinporten.integration.create');
    const res = await post(body('forbidden'));
    expect(res.status).toBe(403);
    expect(await keysOf('forbidden')).toHaveLength(0);
  });

  it('registers with Digdir: creates the client, uploads the key, and a token request then works', async () => {
    const res = await post(
      body('dfo-digdir', { environment: 'test', registerWithDigdir: true, scopes: ['dfo:ansatte', 'dfo:organisasjon'] }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ registeredWithDigdir: true, clientId: expect.any(String) });
    const { clientId, kid } = res.body;

    const clients = (await digdirClients()).filter(
      c => c.description === 'backstage:resource:default/dfo-digdir:test',
    );
    expect(clients).toHaveLength(1);
    expect(clients[0]).toMatchObject({ client_id: clientId, scopes: ['dfo:ansatte', 'dfo:organisasjon'] });
    const registered = await (
      await fetch(`${simulator.selfServiceBaseUrl}/clients/${clientId}/jwks`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      })
    ).json();
    expect(registered.keys.map((k: { kid: string }) => k.kid)).toEqual([kid]);
    expect(registered.keys[0].n).toBe(res.body.jwks[0].n);

    const [key] = await keysOf('dfo-digdir');
    expect(key.client_id).toBe(clientId);
    expect(key.registered_at).not.toBeNull();
    // Digdir's expiry, a year after posting, replaces our estimate.
    expect(new Date(key.expires_at).getTime()).toBe(registered.keys[0].exp * 1000);

    // What the template writes next: the entity with the client id. The key now signs grants.
    catalogEntities.push(
      buildMaskinportenClientEntity({
        name: 'dfo-digdir',
        owner: 'group:default/team-lonn',
        environment: 'test',
        scopes: ['dfo:ansatte', 'dfo:organisasjon'],
        clientId,
      }),
    );
    const token = await request(backend.server)
      .post('/api/maskinporten/v1/entities/resource/default/dfo-digdir/token-tests')
      .send({});
    expect(token.status).toBe(201);
    expect(token.body).toMatchObject({ outcome: 'success', kid, clientId });
  });

  it('keeps the key when Digdir fails (503), and a replay finishes with one client and one key', async () => {
    simulator.faults.add({ method: 'POST', path: '/api/v1/clients', status: 500 });
    const failed = await post(body('digdir-down', { environment: 'test', registerWithDigdir: true }));
    expect(failed.status).toBe(503);
    expect(JSON.stringify(failed.body)).not.toMatch(/PRIVATE|mpk1\.|provisioning-admin-token/);
    expect(await keysOf('digdir-down')).toHaveLength(1);
    const [pending] = await requestsOf('digdir-down');
    expect(pending.registered_at).toBeNull();
    expect(auditEvents).toContainEqual(
      expect.objectContaining({ eventId: 'integration-create', outcome: 'fail' }),
    );

    simulator.faults.clear();
    const retried = await post(body('digdir-down', { environment: 'test', registerWithDigdir: true }));
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ registeredWithDigdir: true, kid: pending.kid });
    expect(
      (await digdirClients()).filter(c => c.description === 'backstage:resource:default/digdir-down:test'),
    ).toHaveLength(1);
    expect(await keysOf('digdir-down')).toHaveLength(1);
  });

  it('finds the client again when Digdir created it but the answer was lost', async () => {
    // The process "dies" after Digdir made the client: the JWKS upload never happens.
    simulator.faults.add({ method: 'POST', path: '/api/v1/clients', status: 500, afterHandling: true });
    simulator.faults.add({ method: 'POST', path: /\/jwks$/, status: 503 });
    const failed = await post(body('lost-answer', { environment: 'test', registerWithDigdir: true }));
    expect(failed.status).toBe(503);
    simulator.faults.clear();

    const retried = await post(body('lost-answer', { environment: 'test', registerWithDigdir: true }));
    expect(retried.status).toBe(200);
    const clients = (await digdirClients()).filter(
      c => c.description === 'backstage:resource:default/lost-answer:test',
    );
    expect(clients).toHaveLength(1);
    expect(retried.body.clientId).toBe(clients[0].client_id);
  });
});
