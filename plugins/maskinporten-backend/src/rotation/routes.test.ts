import { digdirClientDescription } from '../provisioning/clientDescription';
import {
  TestDatabases,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Entity } from '@backstage/catalog-model';
import { MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import request from 'supertest';
import { maskinportenPlugin } from '../plugin';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const ADMIN_TOKEN = 'rotation-routes-admin';
const API = '/api/maskinporten/v1/entities/component/default';

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { owner: 'group:default/team-lonn', type: 'service', lifecycle: 'production' },
  };
}

const entities = [
  component('lonn', {
    'maskinporten.no/client-id': 'client-lonn',
    'maskinporten.no/environment': 'test',
    'maskinporten.no/scopes': 'dfo:ansatte',
  }),
  component('by-hand', {
    'maskinporten.no/client-id': 'client-by-hand',
    'maskinporten.no/environment': 'manual',
    'maskinporten.no/scopes': 'dfo:ansatte',
  }),
  component('noclient', { 'maskinporten.no/scopes': 'dfo:ansatte' }),
];

describe.each(databases.eachSupportedId())('rotation routes on %p', databaseId => {
  let simulator: MaskinportenSimulator;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let knex: Awaited<ReturnType<typeof databases.init>>;
  const denied = new Set<string>();
  const auditEvents: Array<{ eventId: string; outcome?: string }> = [];

  beforeAll(async () => {
    simulator = await MaskinportenSimulator.start({
      adminToken: ADMIN_TOKEN,
      clients: [
        {
          clientId: 'client-lonn',
          scopes: ['dfo:ansatte'],
          description: digdirClientDescription('component:default/lonn', 'test'),
        },
        { clientId: 'client-by-hand', scopes: ['dfo:ansatte'] },
      ],
    });
    knex = await databases.init(databaseId);
    const auditor = mockServices.auditor.mock({
      createEvent: async ({ eventId }) => {
        const record: { eventId: string; outcome?: string } = { eventId };
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
    backend = await startTestBackend({
      features: [
        maskinportenPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.database.factory({ knex }),
        auditor.factory,
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => ({
              result: denied.has(r.permission.name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
            })),
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
                    timeoutMs: 1000,
                    retries: 0,
                  },
                },
                // The same simulator, but without the self-service API: rotation is manual.
                manual: { issuer: simulator.issuer, tokenEndpoint: simulator.tokenEndpoint },
              },
              keys: { modulusLength: 2048, kidPrefix: 'rr' },
              keyEncryption: { secret: 'rotation-routes-secret-that-is-long-enough-0123' },
              lifecycle: {
                rotation: {
                  schedule: { frequency: { minutes: 30 }, timeout: { minutes: 5 }, initialDelay: { minutes: 30 } },
                  gracePeriodHours: 1,
                },
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await simulator?.close();
  });

  afterEach(() => {
    denied.clear();
    simulator.faults.clear();
  });

  async function uploadCurrentSet(name: string, clientId: string) {
    const jwks = await request(backend.server).get(`${API}/${name}/jwks?format=set`);
    simulator.setClientKeys(clientId, jwks.body.keys);
  }

  it('rotates through Digdir: start, window on the card, retire now, audited', async () => {
    await request(backend.server).post(`${API}/lonn/keys`).send({}).expect(201);
    await uploadCurrentSet('lonn', 'client-lonn');
    await request(backend.server).post(`${API}/lonn/token-tests`).send({}).expect(201);
    const [oldKid] = (await request(backend.server).get(`${API}/lonn/jwks`)).body.map((k: { kid: string }) => k.kid);

    const started = await request(backend.server).post(`${API}/lonn/rotations`).send({});
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      created: true,
      rotation: { mode: 'self-service', phase: 'verified', oldKids: [oldKid], open: true },
    });
    const { id, newKid } = started.body.rotation;
    expect(auditEvents).toContainEqual({ eventId: 'key-rotation-start', outcome: 'success' });

    const again = await request(backend.server).post(`${API}/lonn/rotations`).send({});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, rotation: { id } });

    const card = await request(backend.server).get(`${API}/lonn/integrations`);
    expect(card.body.items[0]).toMatchObject({
      activeKid: newKid,
      window: { active: newKid, retiring: [oldKid] },
      rotation: { id, phase: 'verified' },
    });
    expect(JSON.stringify(card.body)).not.toMatch(/mpk1\.|PRIVATE/);

    const current = await request(backend.server).get(`${API}/lonn/rotations/current`);
    expect(current.body.rotation).toMatchObject({ id, phase: 'verified' });

    // The self-service page's listing carries the open rotation as well.
    await request(backend.server).post('/api/maskinporten/v1/integrations/refresh').send({}).expect(200);
    const listing = await request(backend.server).get('/api/maskinporten/v1/integrations?q=client-lonn');
    expect(listing.body.items).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/lonn',
        window: { active: newKid, retiring: [oldKid] },
        rotation: expect.objectContaining({ id, phase: 'verified' }),
      }),
    ]);

    // Within the grace period, advance alone does not retire; retireNow does.
    const waiting = await request(backend.server).post(`${API}/lonn/rotations/${id}/advance`).send({});
    expect(waiting.body.rotation.phase).toBe('verified');
    const retired = await request(backend.server)
      .post(`${API}/lonn/rotations/${id}/advance`)
      .send({ retireNow: true });
    expect(retired.status).toBe(200);
    expect(retired.body.rotation).toMatchObject({ phase: 'retired', open: false });
    expect(simulator.getClient('client-lonn')!.keys.map(k => k.jwk.kid)).toEqual([newKid]);

    const after = await request(backend.server).get(`${API}/lonn/integrations`);
    expect(after.body.items[0].window).toEqual({ active: newKid, retiring: [] });
    const listingAfter = await request(backend.server).get('/api/maskinporten/v1/integrations?q=client-lonn');
    expect(listingAfter.body.items[0].rotation).toBeUndefined();
    const test = await request(backend.server).post(`${API}/lonn/token-tests`).send({});
    expect(test.body).toMatchObject({ outcome: 'success', kid: newKid });

    const cancelDone = await request(backend.server).post(`${API}/lonn/rotations/${id}/cancel`).send({});
    expect(cancelDone.status).toBe(409);
  });

  it('answers 503 while Digdir is down, keeps the rotation, and finishes it later', async () => {
    const open = await request(backend.server).post(`${API}/lonn/rotations`).send({});
    expect(open.status).toBe(201);
    // Let the new key wait for Maskinporten so that the next rotation can be started fresh.
    await request(backend.server).post(`${API}/lonn/rotations/${open.body.rotation.id}/advance`).send({ retireNow: true }).expect(200);

    simulator.faults.add({ method: 'POST', path: /\/jwks$/, status: 503 });
    const down = await request(backend.server).post(`${API}/lonn/rotations`).send({});
    expect(down.status).toBe(503);
    const kept = await request(backend.server).get(`${API}/lonn/rotations/current`);
    expect(kept.body.rotation).toMatchObject({ phase: 'generated', open: true, attempts: 1 });
    expect(kept.body.rotation.lastError).toMatch(/^Digdir: /);
    expect(auditEvents).toContainEqual({ eventId: 'key-rotation-start', outcome: 'fail' });

    simulator.faults.clear();
    const resumed = await request(backend.server)
      .post(`${API}/lonn/rotations/${kept.body.rotation.id}/advance`)
      .send({ retireNow: true });
    expect(resumed.status).toBe(200);
    expect(resumed.body.rotation).toMatchObject({ phase: 'retired' });
  });

  it('guides the manual flow: JWK array, "I have uploaded it", verification result', async () => {
    await request(backend.server).post(`${API}/by-hand/keys`).send({}).expect(201);
    await uploadCurrentSet('by-hand', 'client-by-hand');
    const started = await request(backend.server).post(`${API}/by-hand/rotations`).send({});
    expect(started.status).toBe(201);
    const rotation = started.body.rotation;
    expect(rotation).toMatchObject({ mode: 'manual', phase: 'awaiting-upload' });
    expect(rotation.jwks).toHaveLength(2);

    const early = await request(backend.server).post(`${API}/by-hand/rotations/${rotation.id}/uploaded`).send({});
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({
      rotation: { phase: 'awaiting-upload' },
      verification: { outcome: 'rejected', errorCode: 'MP-100' },
    });

    simulator.setClientKeys('client-by-hand', rotation.jwks);
    const verified = await request(backend.server).post(`${API}/by-hand/rotations/${rotation.id}/uploaded`).send({});
    expect(verified.body).toMatchObject({
      rotation: { phase: 'verified', jwks: [{ kid: rotation.newKid }] },
      verification: { outcome: 'success', kid: rotation.newKid },
    });
    const advance = await request(backend.server).post(`${API}/by-hand/rotations/${rotation.id}/advance`).send({});
    expect(advance.body.rotation.phase).toBe('verified');
    const done = await request(backend.server).post(`${API}/by-hand/rotations/${rotation.id}/uploaded`).send({});
    expect(done.body.rotation).toMatchObject({ phase: 'retired', open: false });
  });

  it.each([
    ['unknown body field', 'post', '/lonn/rotations', { force: true }, 400, /^request body: unknown field "force"/],
    ['non-object body', 'post', '/lonn/rotations', [1], 400, /^request body: must be a JSON object/],
    ['retireNow not boolean', 'post', '/lonn/rotations/00000000-0000-4000-8000-000000000000/advance', { retireNow: 'yes' }, 400, /^retireNow:/],
    ['bad rotation id', 'post', '/lonn/rotations/nope/cancel', {}, 400, /^id:/],
    ['unknown rotation', 'post', '/lonn/rotations/00000000-0000-4000-8000-000000000000/cancel', {}, 404, /No current key rotation/],
    ['no client id', 'post', '/noclient/rotations', {}, 409, /maskinporten.no\/client-id/],
    ['unknown entity', 'post', '/nobody/rotations', {}, 404, /No entity/],
    ['never rotated', 'get', '/noclient/rotations/current', undefined, 404, /never been rotated/],
  ])('answers %s with %s and writes nothing', async (_name, method, path, body, status, message) => {
    const before = await knex('maskinporten_key_rotations').count({ n: '*' });
    const keysBefore = await knex('maskinporten_keys').count({ n: '*' });
    const req = (request(backend.server) as any)[method](`${API}${path}`);
    const res = body === undefined ? await req : await req.send(body);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
    expect(await knex('maskinporten_key_rotations').count({ n: '*' })).toEqual(before);
    expect(await knex('maskinporten_keys').count({ n: '*' })).toEqual(keysBefore);
  });

  it('needs maskinporten.key.create to rotate, and only read to look', async () => {
    denied.add('maskinporten.key.create');
    const res = await request(backend.server).post(`${API}/lonn/rotations`).send({});
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/maskinporten.key.create/);
    const read = await request(backend.server).get(`${API}/lonn/rotations/current`);
    expect(read.status).toBe(200);
  });
});
