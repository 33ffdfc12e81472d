import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { SignalPayload, signalsServiceRef } from '@backstage/plugin-signals-node';
import request from 'supertest';
import { maskinportenPlugin } from '../plugin';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'Lonn', namespace: 'default', annotations: { 'maskinporten.no/scopes': 'dfo:ansatte' } },
  spec: { owner: 'group:default/team-lonn', type: 'service', lifecycle: 'production' },
};

describe('change signals', () => {
  const published: SignalPayload[] = [];
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        maskinportenPlugin,
        catalogServiceMock.factory({ entities: [entity] }),
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({
            publish: async (signal: SignalPayload) => {
              published.push(signal);
            },
          }),
        }),
        mockServices.rootConfig.factory({
          data: {
            maskinporten: {
              environments: { test: { issuer: 'http://127.0.0.1:9/', tokenEndpoint: 'http://127.0.0.1:9/token' } },
              keys: { modulusLength: 2048 },
              keyEncryption: { secret: 'signals-test-secret-that-is-long-enough-0123456' },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('announces the expiry scan schedule, and a changed integration after a state change succeeded', async () => {
    expect(published.map(s => s.channel)).toContain('maskinporten:expiry-scan');
    published.length = 0;

    await request(backend.server).get('/api/maskinporten/v1/entities/component/default/lonn/integrations').expect(200);
    await request(backend.server).post('/api/maskinporten/v1/entities/component/default/lonn/keys').send({ x: 1 }).expect(400);
    expect(published).toEqual([]);

    await request(backend.server).post('/api/maskinporten/v1/entities/component/default/lonn/keys').send({}).expect(201);
    await new Promise(resolve => setImmediate(resolve));
    expect(published).toEqual([
      { recipients: { type: 'broadcast' }, channel: 'maskinporten:integration:component:default/lonn', message: { changed: true } },
    ]);
  });
});
