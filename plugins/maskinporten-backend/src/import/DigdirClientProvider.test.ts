import { ConfigReader } from '@backstage/config';
import { Entity, resourceEntityV1alpha1Validator } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { EntityProviderConnection, EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { parseMaskinportenIntegration } from '@maskinporten-backstage/plugin-maskinporten-common';
import { MaskinportenSimulator, SimulatorClientSeed } from '@maskinporten-backstage/maskinporten-simulator';
import { readMaskinportenConfig } from '../config/readMaskinportenConfig';
import { DigdirSelfServiceClient } from '../digdir/DigdirSelfServiceClient';
import { generateRsaKey } from '../keys/generateKeyPair';
import { digdirClientDescription } from '../provisioning/clientDescription';
import { DigdirClientProvider, entityNameFor } from './DigdirClientProvider';
import { readImportConfig } from './readImportConfig';

jest.setTimeout(60_000);

const ADMIN_TOKEN = 'import-admin-token';

/** 15 clients per environment, as an organisation that used Samarbeidsportalen for years has them. */
function seeds(environment: string): SimulatorClientSeed[] {
  const teams = [
    ...Array.from({ length: 5 }, (_, i) => ({ name: `Lønn DFØ ${i + 1}`, description: 'Lønnsdata fra DFØ' })),
    ...Array.from({ length: 4 }, (_, i) => ({ name: `Studentweb ${i + 1}`, description: 'Oppslag i Folkeregisteret for opptak' })),
    ...Array.from({ length: 6 }, (_, i) => ({ name: `Ukjent integrasjon ${i + 1}`, description: 'Laget i 2019' })),
  ];
  return teams.map((team, i) => ({
    clientId: `${environment}-client-${String(i + 1).padStart(2, '0')}`,
    clientName: team.name,
    description: team.description,
    scopes: i % 2 ? ['dfo:ansatte'] : ['dfo:ansatte', 'folkeregister:deling/offentligmedhjemmel'],
  }));
}

class CapturingConnection implements EntityProviderConnection {
  readonly mutations: EntityProviderMutation[] = [];
  async applyMutation(mutation: EntityProviderMutation) {
    this.mutations.push(mutation);
  }
  async refresh() {}
  get entities(): Entity[] {
    const last = this.mutations[this.mutations.length - 1];
    return last?.type === 'full' ? last.entities.map(e => e.entity) : [];
  }
}

describe('DigdirClientProvider against the simulator', () => {
  let test: MaskinportenSimulator;
  let prod: MaskinportenSimulator;
  let externalKid: string;

  beforeEach(async () => {
    const external = await generateRsaKey({ kid: 'portal-2024-lonn', modulusLength: 2048 });
    externalKid = external.kid;
    const testSeeds = seeds('test');
    testSeeds[0].keys = [external.publicJwk];
    test = await MaskinportenSimulator.start({
      adminToken: ADMIN_TOKEN,
      clients: [
        ...testSeeds,
        // Created through this Backstage: its entity exists already, so it is not imported.
        {
          clientId: 'test-client-backstage',
          clientName: 'Lønn service',
          description: digdirClientDescription('component:default/lonn', 'test'),
          scopes: ['dfo:ansatte'],
        },
      ],
    });
    prod = await MaskinportenSimulator.start({ adminToken: ADMIN_TOKEN, clients: seeds('prod') });
  });

  afterEach(async () => {
    await test.close();
    await prod.close();
  });

  function provider(importConfig: object = {}) {
    const config = new ConfigReader({
      maskinporten: {
        environments: Object.fromEntries(
          [
            ['test', test],
            ['prod', prod],
          ].map(([name, simulator]) => {
            const sim = simulator as MaskinportenSimulator;
            return [
              name,
              {
                issuer: sim.issuer,
                tokenEndpoint: sim.tokenEndpoint,
                selfService: { baseUrl: sim.selfServiceBaseUrl, auth: { adminToken: ADMIN_TOKEN }, retries: 0, timeoutMs: 2000 },
              },
            ];
          }),
        ),
        import: {
          ownership: [
            { owner: 'group:default/team-studentweb', clientIds: ['prod-client-15'] },
            { owner: 'team-lonn', namePrefix: 'lønn' },
            { owner: 'group:default/team-studentweb', descriptionContains: 'FOLKEREGISTERET' },
          ],
          ...importConfig,
        },
      },
    });
    const maskinporten = readMaskinportenConfig(config);
    const connection = new CapturingConnection();
    const instance = new DigdirClientProvider({
      digdir: new DigdirSelfServiceClient({ environments: maskinporten.environments.values() }),
      config: readImportConfig(config),
      environments: [...maskinporten.environments.keys()],
      logger: mockServices.logger.mock(),
    });
    return { instance, connection };
  }

  it('provides 30 valid maskinporten-client Resources with owners by rule and the rest unclaimed', async () => {
    const { instance, connection } = provider();
    await instance.connect(connection);
    await instance.run();
    const entities = connection.entities;

    expect(entities).toHaveLength(30);
    expect(new Set(entities.map(e => e.metadata.name)).size).toBe(30);
    for (const entity of entities) {
      expect(await resourceEntityV1alpha1Validator.check(entity)).toBe(true);
      const parsed = parseMaskinportenIntegration(entity, { environments: ['test', 'prod'] });
      expect(parsed.kind).toBe('integration');
    }
    expect(entities.map(e => e.metadata.annotations!['maskinporten.no/client-id'])).not.toContain('test-client-backstage');

    const byClient = new Map(entities.map(e => [e.metadata.annotations!['maskinporten.no/client-id'], e]));
    expect(byClient.get('test-client-01')).toMatchObject({
      kind: 'Resource',
      metadata: {
        name: 'lonn-dfo-1-test-testclie',
        title: 'Lønn DFØ 1',
        annotations: {
          'maskinporten.no/client-id': 'test-client-01',
          'maskinporten.no/environment': 'test',
          'maskinporten.no/scopes': 'dfo:ansatte folkeregister:deling/offentligmedhjemmel',
          'maskinporten.no/key-id': externalKid,
          'maskinporten.no/imported-from': 'digdir',
          'maskinporten.no/unclaimed': 'false',
        },
      },
      spec: { type: 'maskinporten-client', owner: 'team-lonn' },
    });
    expect(byClient.get('prod-client-02')!.metadata.annotations!['maskinporten.no/key-id']).toBeUndefined();

    const owners = (environment: string) =>
      entities
        .filter(e => e.metadata.annotations!['maskinporten.no/environment'] === environment)
        .map(e => [e.metadata.annotations!['maskinporten.no/unclaimed'], e.spec!.owner]);
    // By name prefix (5), by description (4), unmatched to the triage group (6)...
    expect(owners('test').filter(([, owner]) => owner === 'team-lonn')).toHaveLength(5);
    expect(owners('test').filter(([, owner]) => owner === 'team-studentweb')).toHaveLength(4);
    expect(owners('test').filter(([unclaimed, owner]) => unclaimed === 'true' && owner === 'maskinporten-triage')).toHaveLength(6);
    // ...and the explicit table wins over no match (prod-client-15 is "Ukjent integrasjon 6").
    expect(byClient.get('prod-client-15')!.spec!.owner).toBe('team-studentweb');
    expect(owners('prod').filter(([unclaimed]) => unclaimed === 'true')).toHaveLength(5);
  });

  it('removes the entities of deleted and deactivated clients on the next run', async () => {
    const { instance, connection } = provider();
    await instance.connect(connection);
    await instance.run();
    expect(connection.entities).toHaveLength(30);

    test.deactivateClient('test-client-03');
    await fetch(`${prod.selfServiceBaseUrl}/clients/prod-client-04`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    await instance.run();

    const clientIds = connection.entities.map(e => e.metadata.annotations!['maskinporten.no/client-id']);
    expect(clientIds).toHaveLength(28);
    expect(clientIds).not.toContain('test-client-03');
    expect(clientIds).not.toContain('prod-client-04');
    expect(connection.mutations.every(m => m.type === 'full')).toBe(true);
  });

  it('changes nothing when an environment cannot be read, so an outage never empties the catalog', async () => {
    const { instance, connection } = provider();
    await instance.connect(connection);
    await instance.run();
    prod.faults.add({ path: '/api/v1/clients', status: 500, times: 5 });
    await expect(instance.run()).rejects.toThrow();
    expect(connection.mutations).toHaveLength(1);
  });

  it('imports only the configured environments', async () => {
    const { instance, connection } = provider({ environments: ['prod'], triageOwner: 'group:default/platform' });
    await instance.connect(connection);
    await instance.run();
    expect(connection.entities).toHaveLength(15);
    expect(connection.entities.filter(e => e.spec!.owner === 'platform')).toHaveLength(5);
  });
});

describe('entityNameFor', () => {
  it('makes valid, stable names from any client name', () => {
    expect(entityNameFor({ clientId: 'a1b2c3d4-e5f6', clientName: 'Lønn → DFØ (ny)' }, 'prod')).toBe('lonn-dfo-ny-prod-a1b2c3d4');
    expect(entityNameFor({ clientId: 'x', clientName: '' }, 'test')).toBe('client-test-x');
    const long = entityNameFor({ clientId: 'abcdefgh', clientName: 'å'.repeat(100) }, 'test');
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});
