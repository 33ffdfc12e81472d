import path from 'node:path';
import { AddressInfo } from 'node:net';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import maskinportenPlugin from '@maskinporten-backstage/plugin-maskinporten-backend';
import scaffolderModuleMaskinporten from './index';

jest.setTimeout(180_000);

const ADMIN_TOKEN = 'template-e2e-admin-token';
const template = path.resolve(
  __dirname,
  '../../../examples/templates/maskinporten-integration/template.yaml',
);
const entities = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-lonn
spec:
  type: team
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: lonn-service
spec:
  type: service
  lifecycle: production
  owner: group:default/team-lonn
`;

/** The example template in the real scaffolder, catalog and Maskinporten backend, offline. */
describe('the maskinporten-integration template, end to end', () => {
  const dir = createMockDirectory();
  let simulator: MaskinportenSimulator;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let api: string;

  beforeAll(async () => {
    dir.setContent({ 'entities.yaml': entities, generated: {} });
    simulator = await MaskinportenSimulator.start({ adminToken: ADMIN_TOKEN, scopes: ['dfo:ansatte'] });
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleTemplateKind,
        scaffolderPlugin,
        scaffolderModuleMaskinporten,
        maskinportenPlugin,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Component', 'Resource', 'Location', 'Group', 'Template'] }],
              locations: [
                { type: 'file', target: dir.resolve('entities.yaml') },
                { type: 'file', target: template },
                { type: 'file', target: path.join(dir.resolve('generated'), '*.yaml') },
              ],
            },
            maskinporten: {
              environments: {
                local: {
                  issuer: simulator.issuer,
                  tokenEndpoint: simulator.tokenEndpoint,
                  selfService: { baseUrl: simulator.selfServiceBaseUrl, auth: { adminToken: ADMIN_TOKEN } },
                },
              },
              keys: { modulusLength: 2048 },
              keyEncryption: { secret: 'template-e2e-secret-0123456789abcdefghijkl' },
              scaffolder: { localCatalogDirectory: dir.resolve('generated') },
            },
          },
        }),
        mockServices.permissions.mock({
          authorize: async requests => requests.map(() => ({ result: AuthorizeResult.ALLOW })),
          authorizeConditional: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW }) as const),
        }).factory,
      ],
    });
    api = `http://localhost:${(backend.server.address() as AddressInfo).port}/api`;
    for (let i = 0; i < 240 && !(await get('/catalog/entities/by-name/template/default/maskinporten-integration')); i++) {
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await simulator?.close();
  });

  async function get(route: string) {
    const res = await fetch(`${api}${route}`, { headers: { authorization: 'Bearer mock-user-token' } });
    return res.status === 200 ? res.json() : undefined;
  }

  it('creates the key and Digdir client, registers the Resource, and the component card shows it', async () => {
    const created = await fetch(`${api}/scaffolder/v2/tasks`, {
      method: 'POST',
      headers: { authorization: 'Bearer mock-user-token', 'content-type': 'application/json' },
      body: JSON.stringify({
        templateRef: 'template:default/maskinporten-integration',
        values: {
          title: 'Lønn → DFØ (local)',
          name: 'lonn-dfo-local',
          owner: 'group:default/team-lonn',
          component: 'component:default/lonn-service',
          environment: 'local',
          scopes: ['dfo:ansatte'],
          registerWithDigdir: true,
        },
      }),
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();

    let task: any;
    for (let i = 0; i < 240; i++) {
      task = await get(`/scaffolder/v2/tasks/${id}`);
      if (task?.status === 'completed' || task?.status === 'failed') break;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    if (task.status !== 'completed') {
      const events = await get(`/scaffolder/v2/tasks/${id}/events`);
      throw new Error(`task ${task.status}: ${JSON.stringify(events?.map((e: any) => e.body?.message))}`);
    }
    const events: any[] = await get(`/scaffolder/v2/tasks/${id}/events`);
    const output = events.find(e => e.type === 'completion')?.body?.output;
    expect(output.links).toEqual([
      expect.objectContaining({ entityRef: 'resource:default/lonn-dfo-local' }),
      expect.objectContaining({ entityRef: 'component:default/lonn-service' }),
    ]);
    // The plugin's result page reads the maskinporten* outputs; other apps get the text.
    expect(output).toMatchObject({
      maskinportenKid: expect.any(String),
      maskinportenJwks: [expect.objectContaining({ kid: output.maskinportenKid })],
      maskinportenClientId: expect.any(String),
      maskinportenRegisteredWithDigdir: true,
      maskinportenEnvironment: 'local',
    });
    expect(Object.keys(output.maskinportenJwks[0]).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    const nextStep = output.text.find((t: any) => t.title === 'Your next step').content;
    expect(nextStep).toMatch(/^Digdir has the key: client \S+ was registered with it/);
    const [jwk] = JSON.parse(/```json\n([\s\S]*?)```/.exec(nextStep)![1]);
    expect(jwk.kid).toBe(output.maskinportenKid);
    expect(JSON.stringify(events)).not.toMatch(/PRIVATE KEY|mpk1\./);

    const card = await get('/maskinporten/v1/entities/component/default/lonn-service/integrations');
    expect(card.items).toContainEqual(
      expect.objectContaining({
        entityRef: 'resource:default/lonn-dfo-local',
        environment: 'local',
        clientId: expect.any(String),
        // Provisioning waited until Maskinporten accepted the new key, so it is active and
        // the card shows that token test.
        keys: [expect.objectContaining({ state: 'active' })],
        lastTokenTest: expect.objectContaining({ outcome: 'success' }),
      }),
    );
  });
});
