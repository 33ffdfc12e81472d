import { TestDatabases, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import request from 'supertest';
import { generateRsaKey } from '../keys/generateKeyPair';
import { maskinportenPlugin } from '../plugin';
import { DigdirClientProvider } from './DigdirClientProvider';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const ADMIN_TOKEN = 'adoption-admin-token';
const API = '/api/maskinporten/v1/entities/resource/default';

/** The entities as the import provides them, without running a catalog. */
function imported(simulator: MaskinportenSimulator) {
  const provider = new DigdirClientProvider({
    digdir: {} as any,
    config: {
      schedule: { frequency: { minutes: 30 }, timeout: { minutes: 1 } },
      triageOwner: 'group:default/maskinporten-triage',
      namespace: 'default',
      rules: [{ owner: 'group:default/team-lonn', namePrefix: 'lønn' }],
    },
    environments: ['test'],
    logger: mockServices.logger.mock(),
  });
  return ['legacy-lonn', 'legacy-unknown'].map(clientId => {
    const client = simulator.getClient(clientId)!;
    const entity = provider.toEntity(
      'test',
      { clientId, clientName: client.clientName, description: client.description, scopes: client.scopes, active: true },
      client.keys.map(k => k.jwk as any),
    );
    entity.metadata.name = clientId;
    return entity;
  });
}

describe.each(databases.eachSupportedId())('adopting an imported client on %p', databaseId => {
  let simulator: MaskinportenSimulator;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let externalKid: string;

  beforeAll(async () => {
    const external = await generateRsaKey({ kid: 'samarbeidsportalen-2025', modulusLength: 2048 });
    externalKid = external.kid;
    simulator = await MaskinportenSimulator.start({
      adminToken: ADMIN_TOKEN,
      clients: [
        { clientId: 'legacy-lonn', clientName: 'Lønn DFØ', description: 'Laget for hånd', scopes: ['dfo:ansatte'], keys: [external.publicJwk] },
        { clientId: 'legacy-unknown', clientName: 'Ukjent', description: 'Laget for hånd', scopes: ['dfo:ansatte'] },
      ],
    });
    const knex = await databases.init(databaseId);
    backend = await startTestBackend({
      features: [
        maskinportenPlugin,
        catalogServiceMock.factory({ entities: imported(simulator) }),
        mockServices.database.factory({ knex }),
        mockServices.permissions.mock({
          authorize: async requests => requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            maskinporten: {
              environments: {
                test: {
                  issuer: simulator.issuer,
                  tokenEndpoint: simulator.tokenEndpoint,
                  selfService: { baseUrl: simulator.selfServiceBaseUrl, auth: { adminToken: ADMIN_TOKEN }, timeoutMs: 2000, retries: 0 },
                },
              },
              keys: { modulusLength: 2048, kidPrefix: 'adopt' },
              keyEncryption: { secret: 'adoption-test-secret-that-is-long-enough-0123456' },
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

  it('refuses keys before adoption, adopts, and a rotation then replaces the keys the client brought', async () => {
    const server = backend.server;
    const before = await request(server).get(`${API}/legacy-lonn/integrations`);
    expect(before.body.items[0]).toMatchObject({ imported: { unclaimed: false, adopted: false } });
    // Not created by this Backstage: its keys are not ours to manage until adopted.
    const refused = await request(server).post(`${API}/legacy-lonn/rotations`).send({});
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/adopt/);

    const adopted = await request(server).post(`${API}/legacy-lonn/adopt`).send({});
    expect(adopted.status).toBe(200);
    expect(adopted.body).toMatchObject({ clientId: 'legacy-lonn', imported: { adopted: true } });
    // Adopting again changes nothing.
    await request(server).post(`${API}/legacy-lonn/adopt`).send({}).expect(200);
    expect(simulator.getClient('legacy-lonn')!.keys.map(k => k.jwk.kid)).toEqual([externalKid]);

    const started = await request(server).post(`${API}/legacy-lonn/rotations`).send({});
    expect(started.status).toBe(201);
    const { id, newKid, oldKids } = started.body.rotation;
    expect(oldKids).toEqual([externalKid]);
    // The key it brought stays registered next to the new one until the rotation retires it.
    expect(simulator.getClient('legacy-lonn')!.keys.map(k => k.jwk.kid).sort()).toEqual([externalKid, newKid].sort());
    const retired = await request(server).post(`${API}/legacy-lonn/rotations/${id}/advance`).send({ retireNow: true });
    expect(retired.body.rotation).toMatchObject({ phase: 'retired', open: false });
    expect(simulator.getClient('legacy-lonn')!.keys.map(k => k.jwk.kid)).toEqual([newKid]);
    const test = await request(server).post(`${API}/legacy-lonn/token-tests`).send({});
    expect(test.body).toMatchObject({ outcome: 'success', kid: newKid });
  });

  it('refuses to adopt an unclaimed client, naming the ownership rules', async () => {
    const response = await request(backend.server).post(`${API}/legacy-unknown/adopt`).send({});
    expect(response.status).toBe(409);
    expect(response.body.error.message).toMatch(/unclaimed.*maskinporten\.import\.ownership/);
  });

  it('refuses to adopt a client Digdir has deactivated since the import', async () => {
    simulator.deactivateClient('legacy-unknown');
    const card = await request(backend.server).get(`${API}/legacy-unknown/integrations`);
    expect(card.body.items[0].imported).toEqual({ unclaimed: true, adopted: false });
  });
});
