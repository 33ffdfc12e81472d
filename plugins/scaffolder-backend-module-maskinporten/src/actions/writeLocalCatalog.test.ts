import fs from 'node:fs/promises';
import path from 'node:path';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  TemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { buildMaskinportenClientEntity } from '@maskinporten-backstage/plugin-maskinporten-common';
import { JsonObject } from '@backstage/types';
import YAML from 'yaml';
import scaffolderModuleMaskinporten from '../index';
import { WRITE_LOCAL_ACTION_ID, createWriteLocalCatalogAction } from './writeLocalCatalog';
import { CREATE_INTEGRATION_ACTION_ID } from './createIntegration';

jest.setTimeout(120_000);

/** Stands in for the scaffolder plugin: collects what modules register on its extension point. */
function fakeScaffolder(actions: TemplateAction<any, any, any>[]) {
  return createBackendPlugin({
    pluginId: 'scaffolder',
    register(env) {
      env.registerExtensionPoint(scaffolderActionsExtensionPoint, {
        addActions: (...added) => actions.push(...added),
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
}

const component = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: lonn-service
spec:
  type: service
  lifecycle: production
  owner: group:default/team-lonn
`;

describe('maskinporten:catalog:write-local with the real catalog', () => {
  const root = createMockDirectory();
  const generated = root.resolve('generated');
  const outside = root.resolve('outside');
  const actions: TemplateAction<any, any, any>[] = [];
  const denied = new Set<string>();
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const catalogEntity = async (ref: string) => {
    const { port } = backend.server.address() as { port: number };
    const [kind, rest] = ref.split(':');
    const res = await fetch(`http://localhost:${port}/api/catalog/entities/by-name/${kind}/${rest}`, {
      headers: { authorization: 'Bearer mock-user-token' },
    });
    return res.status === 200 ? res.json() : undefined;
  };

  beforeAll(async () => {
    root.setContent({ 'entities.yaml': component, generated: {}, outside: {} });
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        fakeScaffolder(actions),
        scaffolderModuleMaskinporten,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Component', 'Resource', 'Location', 'Group'] }],
              locations: [
                { type: 'file', target: root.resolve('entities.yaml') },
                { type: 'file', target: path.join(generated, '*.yaml') },
              ],
            },
            maskinporten: { scaffolder: { localCatalogDirectory: generated } },
          },
        }),
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => ({
              result: denied.has(r.permission.name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
            })),
          // The catalog asks this for reads.
          authorizeConditional: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW }) as const),
        }).factory,
      ],
    });
    // The config locations must be in the catalog before the action can find the one it needs.
    for (let i = 0; i < 120 && !(await catalogEntity('component:default/lonn-service')); i++) {
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  });

  afterAll(async () => {
    await backend?.stop();
  });

  afterEach(() => denied.clear());

  const action = () => actions.find(a => a.id === WRITE_LOCAL_ACTION_ID)!;
  const entityYaml = (name: string) =>
    YAML.stringify(
      buildMaskinportenClientEntity({
        name,
        owner: 'group:default/team-lonn',
        component: 'component:default/lonn-service',
        environment: 'test',
        scopes: ['dfo:ansatte'],
      }),
    );
  const context = (input: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    ...createMockActionContext({ input: input as JsonObject, workspacePath: root.resolve('workspace') }),
    ...extra,
  });

  it('registers both actions on the scaffolder', () => {
    expect(actions.map(a => a.id).sort()).toEqual([
      WRITE_LOCAL_ACTION_ID,
      CREATE_INTEGRATION_ACTION_ID,
    ].sort());
  });

  it('writes the entity into the configured directory and the catalog shows it, related to its component', async () => {
    const ctx = context({ catalogInfo: entityYaml('lonn-new'), waitSeconds: 60 });
    await action().handler(ctx);
    const file = path.join(generated, 'default.resource.lonn-new.yaml');
    expect(ctx.output).toHaveBeenCalledWith('entityRef', 'resource:default/lonn-new');
    expect(ctx.output).toHaveBeenCalledWith('filePath', file);
    expect(YAML.parse(await fs.readFile(file, 'utf8')).metadata.name).toBe('lonn-new');
    // Nothing but the entity file: the temporary file is gone.
    expect(await fs.readdir(generated)).toEqual(['default.resource.lonn-new.yaml']);

    const resource = await catalogEntity('resource:default/lonn-new');
    expect(resource).toBeDefined();
    expect(resource.relations).toContainEqual(
      expect.objectContaining({ type: 'dependencyOf', targetRef: 'component:default/lonn-service' }),
    );
  });

  it('is idempotent: the same entity again is a retry, a different one a conflict', async () => {
    await action().handler(context({ catalogInfo: entityYaml('twice'), waitSeconds: 0 }));
    await action().handler(context({ catalogInfo: entityYaml('twice'), waitSeconds: 0 }));
    const changed = entityYaml('twice').replace('dfo:ansatte', 'dfo:organisasjon');
    await expect(action().handler(context({ catalogInfo: changed, waitSeconds: 0 }))).rejects.toThrow(
      /already exists with a different entity/,
    );
  });

  it('dry run writes nothing', async () => {
    const ctx = context({ catalogInfo: entityYaml('dry') }, { isDryRun: true });
    await action().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('entityRef', 'resource:default/dry');
    await expect(fs.stat(path.join(generated, 'default.resource.dry.yaml'))).rejects.toThrow(/ENOENT/);
  });

  it.each([
    ['another kind', component, /must be a backstage.io\/v1alpha1 Resource with spec.type maskinporten-client/],
    ['two entities', `${entityYaml('a')}---\n${entityYaml('b')}`, /exactly one entity, found 2/],
    ['a path in the name', entityYaml('x').replace('name: x', 'name: ../../outside/x'), /metadata.name is not a valid catalog name/],
    ['broken YAML', 'kind: [', /not valid YAML/],
  ])('refuses %s and writes nothing', async (_, catalogInfo, message) => {
    const before = await fs.readdir(generated);
    await expect(action().handler(context({ catalogInfo }))).rejects.toThrow(message);
    expect(await fs.readdir(generated)).toEqual(before);
    expect(await fs.readdir(outside)).toEqual([]);
  });

  it('needs catalog.entity.create for the user who runs the template', async () => {
    denied.add('catalog.entity.create');
    await expect(
      action().handler(context({ catalogInfo: entityYaml('not-allowed') })),
    ).rejects.toThrow(/Not allowed: catalog.entity.create/);
    await expect(fs.stat(path.join(generated, 'default.resource.not-allowed.yaml'))).rejects.toThrow(/ENOENT/);
  });
});

describe('maskinporten:catalog:write-local when not set up', () => {
  const dir = createMockDirectory();
  const build = (data: Record<string, unknown>) =>
    createWriteLocalCatalogAction({
      config: mockServices.rootConfig({ data: data as JsonObject }),
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      permissions: mockServices.permissions(),
    });
  const run = (action: ReturnType<typeof build>) =>
    action.handler(
      createMockActionContext({
        input: {
          catalogInfo: YAML.stringify(
            buildMaskinportenClientEntity({
              name: 'x',
              owner: 'team-lonn',
              environment: 'test',
              scopes: ['dfo:ansatte'],
            }),
          ),
        },
      }) as any,
    );

  it('says which config key is missing', async () => {
    await expect(run(build({}))).rejects.toThrow(
      /not set up: configure maskinporten.scaffolder.localCatalogDirectory/,
    );
  });

  it('refuses to write where no catalog location would read it', async () => {
    dir.setContent({ generated: {} });
    const action = build({
      maskinporten: { scaffolder: { localCatalogDirectory: dir.resolve('generated') } },
      catalog: { locations: [{ type: 'file', target: dir.resolve('elsewhere/*.yaml') }] },
    });
    await expect(run(action)).rejects.toThrow(/No file location in catalog.locations covers/);
    expect(await fs.readdir(dir.resolve('generated'))).toEqual([]);
  });
});
