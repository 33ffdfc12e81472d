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

  it('explains every pattern in words, so a form error never shows a raw regex', () => {
    const withPattern: Array<[string, any]> = [];
    const walk = (name: string, schema: any) => {
      if (!schema || typeof schema !== 'object') return;
      if (schema.pattern) withPattern.push([name, schema]);
      for (const [key, child] of Object.entries(schema.properties ?? {})) walk(key, child);
      if (schema.items) walk(`${name}[]`, schema.items);
    };
    for (const page of template.spec.parameters) walk(page.title, page);
    expect(withPattern.map(([name]) => name)).toEqual(['name', 'scopes[]']);
    for (const [name, schema] of withPattern) {
      expect([name, schema.errorMessage?.pattern]).toEqual([name, expect.stringMatching(/e\.g\. [a-z]/)]);
      expect(schema.errorMessage.pattern).not.toMatch(/[\^$\\[]/);
    }
  });

  it('asks for a title and passes it on, and hands the result page the key set', () => {
    expect(template.spec.parameters[0].required).toContain('title');
    const create = template.spec.steps.find((s: any) => s.id === 'maskinporten');
    expect(create.input.title).toBe('${{ parameters.title }}');
    expect(Object.keys(template.spec.output).filter(key => key.startsWith('maskinporten')).sort()).toEqual([
      'maskinportenClientId',
      'maskinportenEnvironment',
      'maskinportenJwks',
      'maskinportenKid',
      'maskinportenRegisteredWithDigdir',
    ]);
  });
});
