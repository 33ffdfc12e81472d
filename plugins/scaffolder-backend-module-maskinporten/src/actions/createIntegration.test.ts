import fs from 'node:fs/promises';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import {
  TestDatabases,
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import maskinportenPlugin from '@maskinporten-backstage/plugin-maskinporten-backend';
import YAML from 'yaml';
import { createCheckpointStore } from '../__testUtils__/checkpoints';
import { CATALOG_INFO_FILE, createMaskinportenIntegrationAction } from './createIntegration';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const ADMIN_TOKEN = 'action-test-admin-token';

const lonnService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'lonn-service', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/team-lonn' },
};

describe('maskinporten:integration:create against the real Maskinporten backend', () => {
  let simulator: MaskinportenSimulator;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let knex: Awaited<ReturnType<typeof databases.init>>;
  let baseUrl: string;
  const calls: string[] = [];
  const workspaces = createMockDirectory();

  beforeAll(async () => {
    simulator = await MaskinportenSimulator.start({
      adminToken: ADMIN_TOKEN,
      scopes: ['dfo:ansatte', 'dfo:organisasjon'],
    });
    knex = await databases.init('SQLITE_3');
    backend = await startTestBackend({
      features: [
        maskinportenPlugin,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities: [lonnService] }),
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
                    retries: 0,
                    backoffMs: 1,
                  },
                },
              },
              keys: { modulusLength: 2048, kidPrefix: 'sc' },
              keyEncryption: { secret: 'scaffolder-action-test-secret-0123456789abcdef' },
            },
          },
        }),
      ],
    });
    baseUrl = `http://localhost:${(backend.server.address() as AddressInfo).port}/api`;
  });

  afterAll(async () => {
    await backend?.stop();
    await simulator?.close();
  });

  beforeEach(() => {
    calls.length = 0;
    simulator.faults.clear();
  });

  const action = createMaskinportenIntegrationAction({
    discovery: {
      getBaseUrl: async pluginId => `${baseUrl}/${pluginId}`,
      getExternalBaseUrl: async pluginId => `${baseUrl}/${pluginId}`,
    },
    auth: mockServices.auth(),
    fetchImpl: async (input, init) => {
      calls.push(`${init?.method ?? 'GET'} ${String(input)}`);
      return fetch(input, init);
    },
  });

  function context(
    input: Record<string, unknown>,
    extra: Partial<Parameters<typeof createMockActionContext>[0]> = {},
  ) {
    const ctx = createMockActionContext({
      input: {
        owner: 'group:default/team-lonn',
        component: 'component:default/lonn-service',
        environment: 'test',
        scopes: ['dfo:ansatte'],
        ...input,
      } as any,
      workspacePath: workspaces.resolve(String(input.name), String(Math.random())),
      task: { id: `task-${String(input.name)}` },
    });
    // createMockActionContext keeps only some overrides (not isDryRun or checkpoint).
    return { ...ctx, step: { id: 'maskinporten' }, ...extra };
  }
  const outputs = (ctx: ReturnType<typeof context>) =>
    Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  const keysOf = (name: string) =>
    knex('maskinporten_keys').where({ entity_ref: `resource:default/${name}` });
  const clientsNamed = async (description: string) => {
    const res = await fetch(`${simulator.selfServiceBaseUrl}/clients`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    return ((await res.json()) as Array<{ client_id: string; description: string }>).filter(
      c => c.description === description,
    );
  };

  it('creates the key in the backend and outputs the public key set and the entity', async () => {
    const ctx = context({ name: 'lonn-dfo', title: 'Lønn → DFØ' });
    await action.handler(ctx);
    const out = outputs(ctx);
    expect(out.kid).toMatch(/^sc-test-lonn-dfo-\d{8}-[0-9a-f]{12}$/);
    expect(out.jwks).toEqual([expect.objectContaining({ kid: out.kid, kty: 'RSA', use: 'sig' })]);
    expect(out.registeredWithDigdir).toBe(false);
    expect(out).not.toHaveProperty('clientId');
    expect(out.entityRef).toBe('resource:default/lonn-dfo');
    expect(YAML.parse(out.catalogInfo)).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'lonn-dfo',
        namespace: 'default',
        title: 'Lønn → DFØ',
        annotations: {
          'maskinporten.no/environment': 'test',
          'maskinporten.no/scopes': 'dfo:ansatte',
        },
      },
      spec: {
        type: 'maskinporten-client',
        owner: 'group:default/team-lonn',
        dependencyOf: ['component:default/lonn-service'],
      },
    });
    expect(await fs.readFile(path.join(ctx.workspacePath, CATALOG_INFO_FILE), 'utf8')).toBe(
      out.catalogInfo,
    );
    const keys = await keysOf('lonn-dfo');
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kid: out.kid, created_by: 'user:default/mock' });
    expect(JSON.stringify(out)).not.toMatch(/PRIVATE|mpk1\.|"d":/);
  });

  it('dry run: validates with the backend, outputs a placeholder kid and the entity, creates nothing', async () => {
    const before = await clientsNamed('backstage:resource:default/dry-run:test');
    const ctx = context({ name: 'dry-run', registerWithDigdir: true }, { isDryRun: true });
    await action.handler(ctx);
    const out = outputs(ctx);
    expect(out.kid).toBe('dry-run-no-key-created');
    expect(out.jwks).toEqual([]);
    expect(YAML.parse(out.catalogInfo).metadata.name).toBe('dry-run');
    expect(await keysOf('dry-run')).toHaveLength(0);
    expect(await knex('maskinporten_provisioning_requests').where({ entity_ref: 'resource:default/dry-run' })).toHaveLength(0);
    expect(await clientsNamed('backstage:resource:default/dry-run:test')).toEqual(before);
    expect(calls).toHaveLength(1);
  });

  it('a resumed task reuses its checkpoint: no second call, no second key', async () => {
    const { checkpoint } = createCheckpointStore();
    const first = context({ name: 'resumed' }, { checkpoint });
    await action.handler(first);
    const second = context({ name: 'resumed' }, { checkpoint });
    await action.handler(second);
    expect(calls).toHaveLength(1);
    expect(outputs(second).kid).toBe(outputs(first).kid);
    expect(await keysOf('resumed')).toHaveLength(1);
  });

  it('a retried task whose checkpoint was never saved gets the same key through the idempotency key', async () => {
    const first = context({ name: 'retried', registerWithDigdir: true }, { checkpoint: createCheckpointStore().checkpoint });
    await action.handler(first);
    const second = context({ name: 'retried', registerWithDigdir: true }, { checkpoint: createCheckpointStore().checkpoint });
    await action.handler(second);
    expect(calls).toHaveLength(2);
    expect(outputs(second)).toEqual(outputs(first));
    expect(await keysOf('retried')).toHaveLength(1);
    expect(await clientsNamed('backstage:resource:default/retried:test')).toHaveLength(1);
  });

  it('another task for the same name is refused: it cannot add keys to the first one', async () => {
    await action.handler(context({ name: 'claimed' }));
    await expect(
      action.handler(context({ name: 'claimed' }, { task: { id: 'another-task' } })),
    ).rejects.toThrow(/409.*entityRef: resource:default\/claimed was already provisioned/);
    expect(await keysOf('claimed')).toHaveLength(1);
  });

  it.each([
    ['name', { name: 'Not Valid!' }],
    ['owner', { name: 'bad-owner', owner: 'component:default/lonn-service' }],
    ['component', { name: 'bad-component', component: 'component:default/' }],
    ['scopes', { name: 'bad-scopes', scopes: ['dfo'] }],
    ['scopes', { name: 'no-scopes', scopes: [] }],
    ['environment', { name: 'no-environment', environment: ' ' }],
    ['registerWithDigdir', { name: 'both', clientId: 'abc', registerWithDigdir: true }],
  ])('invalid %s fails before any HTTP call (%j)', async (field, input) => {
    const ctx = context(input);
    await expect(action.handler(ctx)).rejects.toThrow(new RegExp(`Invalid input.*${field}:`));
    expect(calls).toEqual([]);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('treats an empty clientId (a template passing an unset parameter) as absent', async () => {
    const ctx = context({ name: 'empty-client', clientId: '', registerWithDigdir: false });
    await action.handler(ctx);
    expect(outputs(ctx)).not.toHaveProperty('clientId');
    expect(YAML.parse(outputs(ctx).catalogInfo).metadata.annotations).not.toHaveProperty(
      'maskinporten.no/client-id',
    );
  });

  it('passes on what only the backend can judge, naming the field (unknown environment)', async () => {
    const ctx = context({ name: 'unknown-env', environment: 'staging' });
    await expect(action.handler(ctx)).rejects.toThrow(/400.*environment: Unknown Maskinporten environment "staging"/);
    expect(await keysOf('unknown-env')).toHaveLength(0);
  });

  it("registers through the simulator's self-service API and puts the client id on the entity", async () => {
    const ctx = context({
      name: 'lonn-digdir',
      scopes: ['dfo:ansatte', 'dfo:organisasjon'],
      registerWithDigdir: true,
    });
    await action.handler(ctx);
    const out = outputs(ctx);
    expect(out.registeredWithDigdir).toBe(true);
    const [client] = await clientsNamed('backstage:resource:default/lonn-digdir:test');
    expect(out.clientId).toBe(client.client_id);
    const registered = await (
      await fetch(`${simulator.selfServiceBaseUrl}/clients/${client.client_id}/jwks`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      })
    ).json();
    expect(registered.keys.map((k: { kid: string }) => k.kid)).toEqual([out.kid]);
    expect(YAML.parse(out.catalogInfo).metadata.annotations).toEqual({
      'maskinporten.no/environment': 'test',
      'maskinporten.no/scopes': 'dfo:ansatte dfo:organisasjon',
      'maskinporten.no/client-id': client.client_id,
    });
  });

  it('fails the step when Digdir is down, and the retried task finishes with the same key', async () => {
    simulator.faults.add({ method: 'POST', path: '/api/v1/clients', status: 503 });
    const failed = context({ name: 'digdir-down', registerWithDigdir: true });
    await expect(action.handler(failed)).rejects.toThrow(/503/);
    expect(failed.output).not.toHaveBeenCalled();
    simulator.faults.clear();

    const retried = context({ name: 'digdir-down', registerWithDigdir: true });
    await action.handler(retried);
    const [key] = await keysOf('digdir-down');
    expect(outputs(retried)).toMatchObject({ kid: key.kid, registeredWithDigdir: true });
    expect(await clientsNamed('backstage:resource:default/digdir-down:test')).toHaveLength(1);
  });
});
