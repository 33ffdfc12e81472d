import { parseMaskinportenIntegration } from '../annotations/parseIntegration';
import {
  buildMaskinportenClientEntity,
  validateIntegrationFields,
} from './provisioning';

const valid = {
  name: 'lonn-dfo-test',
  owner: 'team-lonn',
  component: 'lonn-service',
  environment: 'test',
  scopes: ['dfo:ansatte', 'altinn:serviceowner/instances.read'],
};

describe('validateIntegrationFields', () => {
  it('accepts a valid integration', () => {
    expect(validateIntegrationFields(valid, { environments: ['test'] })).toEqual([]);
  });

  it.each([
    ['name', { name: 'Not a name!' }],
    ['name', { name: 'x'.repeat(64) }],
    ['namespace', { namespace: 'bad namespace' }],
    ['owner', { owner: 'component:default/lonn-service' }],
    ['owner', { owner: '' }],
    ['component', { component: 'component:default/' }],
    ['environment', { environment: '' }],
    ['scopes', { scopes: [] }],
    ['scopes', { scopes: 'dfo:ansatte' }],
    ['scopes', { scopes: ['dfo:ansatte dfo:organisasjon'] }],
    ['scopes', { scopes: ['dfo'] }],
    ['clientId', { clientId: 'has spaces in it' }],
    ['clientId', { clientId: '' }],
  ])('names %s when it is wrong (%j)', (field, change) => {
    const problems = validateIntegrationFields({ ...valid, ...change }, { environments: ['test'] });
    expect(problems.map(p => p.field)).toEqual([field]);
    expect(problems[0].message.length).toBeGreaterThan(10);
  });

  it('checks the environment only against the environments it is given', () => {
    expect(validateIntegrationFields({ ...valid, environment: 'prod' })).toEqual([]);
    const [problem] = validateIntegrationFields(
      { ...valid, environment: 'prod' },
      { environments: ['test', 'local'] },
    );
    expect(problem.field).toBe('environment');
    expect(problem.message).toMatch(/test, local/);
  });

  it('reports every problem at once', () => {
    const problems = validateIntegrationFields(
      { name: '-', owner: 1, environment: 'test', scopes: ['nope'] },
      { environments: ['test'] },
    );
    expect(problems.map(p => p.field).sort()).toEqual(['name', 'owner', 'scopes']);
  });
});

describe('buildMaskinportenClientEntity', () => {
  it('builds a Resource the annotation parser accepts, related to its component', () => {
    const entity = buildMaskinportenClientEntity({ ...valid, clientId: 'abc-123' });
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'lonn-dfo-test',
        namespace: 'default',
        annotations: {
          'maskinporten.no/environment': 'test',
          'maskinporten.no/scopes': 'dfo:ansatte altinn:serviceowner/instances.read',
          'maskinporten.no/client-id': 'abc-123',
        },
      },
      spec: {
        type: 'maskinporten-client',
        owner: 'group:default/team-lonn',
        dependencyOf: ['component:default/lonn-service'],
      },
    });
    const parsed = parseMaskinportenIntegration(entity, { environments: ['test'] });
    expect(parsed).toMatchObject({
      kind: 'integration',
      integration: { entityRef: 'resource:default/lonn-dfo-test', clientId: 'abc-123' },
    });
  });

  it('leaves the client id out until there is one', () => {
    const entity = buildMaskinportenClientEntity(valid);
    expect(entity.metadata.annotations).not.toHaveProperty('maskinporten.no/client-id');
  });
});
