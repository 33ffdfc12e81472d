import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMaskinportenIntegrationAction } from './actions/createIntegration';
import { createWriteLocalCatalogAction } from './actions/writeLocalCatalog';

const templateDir = path.resolve(__dirname, '../../../examples/templates/maskinporten-integration');
const templatePath = path.join(templateDir, 'template.yaml');
const bokmalPath = path.join(templateDir, 'template.nb.yaml');

/** The template with every text replaced, so two languages of it compare equal. */
function withoutWords(template: any): unknown {
  const strip = (value: any, key?: string, parentKey?: string): any => {
    if (Array.isArray(value)) return value.map(item => strip(item, undefined, key));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, strip(v, k, key)]),
      );
    }
    const isText =
      ['title', 'description', 'content'].includes(key ?? '') ||
      parentKey === 'errorMessage' ||
      (key === 'name' && parentKey === undefined && typeof value === 'string' && /\s/.test(value));
    return isText ? '<text>' : value;
  };
  const { metadata, ...rest } = template;
  return strip(rest);
}

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

  it('picks scopes with the Maskinporten scope picker, keeping the array of strings the action takes', () => {
    const scopes = template.spec.parameters[1].properties.scopes;
    expect(scopes['ui:field']).toBe('MaskinportenScopePicker');
    expect(scopes['ui:options']).toEqual({ environmentField: 'environment' });
    expect(scopes.type).toBe('array');
    expect(scopes.items.type).toBe('string');
    // The picker reads the environment from the same page of the form.
    expect(Object.keys(template.spec.parameters[1].properties)).toContain('environment');
  });

  it('has a bokmål copy that differs only in words', () => {
    const bokmal = YAML.parse(fs.readFileSync(bokmalPath, 'utf8'));
    expect(withoutWords(bokmal)).toEqual(withoutWords(template));
    expect(bokmal.metadata.name).toBe('maskinporten-integration-nb');
    expect(bokmal.metadata.title).toMatch(/bokmål/);
    expect(bokmal.spec.parameters.map((page: any) => page.title)).toEqual(['Integrasjon', 'Maskinporten']);
  });

  it.each([
    ['template.yaml', /e\.g\. [a-z]/],
    ['template.nb.yaml', /f\.eks\. [a-z]/],
  ])('%s explains every pattern in words, so a form error never shows a raw regex', (file, example) => {
    const parsed = YAML.parse(fs.readFileSync(path.join(templateDir, file), 'utf8'));
    const withPattern: Array<[string, any]> = [];
    const walk = (name: string, schema: any) => {
      if (!schema || typeof schema !== 'object') return;
      if (schema.pattern) withPattern.push([name, schema]);
      for (const [key, child] of Object.entries(schema.properties ?? {})) walk(key, child);
      if (schema.items) walk(`${name}[]`, schema.items);
    };
    for (const page of parsed.spec.parameters) walk(page.title, page);
    expect(withPattern.map(([name]) => name)).toEqual(['name', 'scopes[]']);
    for (const [name, schema] of withPattern) {
      expect([name, schema.errorMessage?.pattern]).toEqual([name, expect.stringMatching(example)]);
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
