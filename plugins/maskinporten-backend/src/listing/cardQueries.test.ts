import { TestDatabases, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { maskinportenPlugin } from '../plugin';

jest.setTimeout(120_000);

/**
 * The card route's database work must not grow with the number of related clients: keys,
 * latest token tests, rotations and client-id conflicts are loaded once for all of them.
 * The measurement found three sequential queries per related resource before.
 */
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

function client(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'maskinporten.no/client-id': `client-${name}`,
        'maskinporten.no/environment': 'test',
        'maskinporten.no/scopes': 'dfo:ansatte',
      },
    },
    spec: { type: 'maskinporten-client', owner: 'group:default/team-lonn' },
    relations: [{ type: 'dependencyOf', targetRef: 'component:default/lonn' }],
  };
}

function component(related: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'lonn',
      namespace: 'default',
      annotations: { 'maskinporten.no/client-id': 'client-lonn', 'maskinporten.no/scopes': 'dfo:ansatte' },
    },
    spec: { owner: 'group:default/team-lonn' },
    relations: related.map(name => ({ type: 'dependsOn', targetRef: `resource:default/${name}` })),
  };
}

describe.each(databases.eachSupportedId())('the card route on %p', databaseId => {
  async function queriesForCardWith(relatedCount: number) {
    const related = Array.from({ length: relatedCount }, (_, i) => `client-${i}`);
    const knex = await databases.init(databaseId);
    const backend = await startTestBackend({
      features: [
        maskinportenPlugin,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities: [component(related), ...related.map(client)] }),
        mockServices.rootConfig.factory({
          data: {
            maskinporten: {
              environments: { test: { issuer: 'http://127.0.0.1:9/', tokenEndpoint: 'http://127.0.0.1:9/token' } },
              keys: { modulusLength: 2048 },
              keyEncryption: { secret: 'card-queries-secret-Zq3vN8pL1xR7tY2wK9mB4cF6' },
            },
          },
        }),
      ],
    });
    try {
      // Every related client has a key and a rotation history is possible: real rows to load.
      for (const name of related) {
        await request(backend.server).post(`/api/maskinporten/v1/entities/resource/default/${name}/keys`).send({}).expect(201);
      }
      const url = '/api/maskinporten/v1/entities/component/default/lonn/integrations';
      await request(backend.server).get(url).expect(200);
      let count = 0;
      const counter = () => {
        count++;
      };
      knex.on('query', counter);
      try {
        const res = await request(backend.server).get(url).expect(200);
        expect(res.body.items).toHaveLength(relatedCount + 1);
      } finally {
        knex.off('query', counter);
      }
      return count;
    } finally {
      await backend.stop();
    }
  }

  it('answers with the same number of queries for one related client as for five', async () => {
    const one = await queriesForCardWith(1);
    const five = await queriesForCardWith(5);
    expect(five).toBe(one);
    expect(one).toBeLessThanOrEqual(8);
  });
});
