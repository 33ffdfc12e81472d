import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMaskinportenIntegrationAction } from './actions/createIntegration';
import { createWriteLocalCatalogAction } from './actions/writeLocalCatalog';

const templatePath = path.resolve(
  __dirname,
  '../../../examples/templates/maskinporten-integration/template.yaml',
);

describe('examples/templates/maskinporten-integration', () => {
  const template = YAML.parse(fs.readFileSync(templatePath, 'utf8'));
  const actions = [
    createMaskinportenIntegrationAction({ discovery: mockServices.discovery(), auth: mockServices.auth() }),
    createWriteLocalCatalogAction({
      config: mockServices.rootConfig(),
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      permissions: mockServices.permissions(),
    }),
  ];

  it('only uses this module\'s actions, with inputs they declare', () => {
    expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
    for (const step of template.spec.steps) {
      const action = actions.find(a => a.id === step.action);
      expect(action).toBeDefined();
      const declared = Object.keys((action!.schema?.input as any)?.properties ?? {});
      expect(declared).toEqual(expect.arrayContaining(Object.keys(step.input)));
    }
  });

  it('asks for every required input of the create action', () => {
    const create = actions[0];
    const required: string[] = (create.schema?.input as any).required;
    const step = template.spec.steps.find((s: any) => s.action === create.id);
    expect(Object.keys(step.input)).toEqual(expect.arrayContaining(required));
  });

  it('links to the registered entity and the component', () => {
    expect(template.spec.output.links.map((l: any) => l.entityRef)).toEqual([
      '${{ steps.register.output.entityRef }}',
      '${{ parameters.component }}',
    ]);
  });
});
