import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_CLIENT_ID,
  ANNOTATION_CONSUMER_ORG,
  ANNOTATION_ENVIRONMENT,
  ANNOTATION_KEY_ID,
  ANNOTATION_RESOURCE,
  ANNOTATION_SCOPES,
  isMaskinportenAvailable,
} from './annotations';
import {
  isRestrictiveIpOrCidr,
  isValidClientId,
  isValidContextPath,
  parseMaskinportenIntegration,
  splitAnnotationList,
} from './parseIntegration';

const options = { environments: ['test', 'prod'] };

function entityWith(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'lonn', namespace: 'default', annotations },
    spec: {},
  };
}

describe('parseMaskinportenIntegration', () => {
  it('reads a complete integration and defaults the environment to test', () => {
    const result = parseMaskinportenIntegration(
      entityWith({
        'maskinporten.no/client-id': '0f3c1a8e-2b44-4c1d-9a51-4b9f0c2d7e10',
        [ANNOTATION_SCOPES]: 'dfo:ansatte, dfo:organisasjon dfo:ansatte',
        [ANNOTATION_RESOURCE]: 'https://api.dfo.no/',
        [ANNOTATION_CONSUMER_ORG]: '974760673',
      }),
      options,
    );
    expect(result).toEqual({
      kind: 'integration',
      integration: {
        entityRef: 'component:default/lonn',
        environment: 'test',
        clientId: '0f3c1a8e-2b44-4c1d-9a51-4b9f0c2d7e10',
        scopes: ['dfo:ansatte', 'dfo:organisasjon'],
        resources: ['https://api.dfo.no/'],
        consumerOrg: '974760673',
        externalKeyId: undefined,
      },
    });
  });

  it('accepts scope names with slashes and dots', () => {
    const result = parseMaskinportenIntegration(
      entityWith({ [ANNOTATION_SCOPES]: 'altinn:serviceowner/instances.read' }),
      options,
    );
    expect(result.kind).toBe('integration');
  });

  it('says absent when the entity has no Maskinporten annotations', () => {
    expect(parseMaskinportenIntegration(entityWith({}), options)).toEqual({
      kind: 'absent',
      entityRef: 'component:default/lonn',
    });
  });

  it('reports every problem at once, each naming its annotation and fix', () => {
    const result = parseMaskinportenIntegration(
      entityWith({
        [ANNOTATION_ENVIRONMENT]: 'staging',
        [ANNOTATION_SCOPES]: 'dfo ansatte:',
        [ANNOTATION_CONSUMER_ORG]: '97476067',
        [ANNOTATION_RESOURCE]: 'not-a-uri',
        [ANNOTATION_KEY_ID]: 'my key',
      }),
      options,
    );
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    expect(result.problems.map(p => p.annotation)).toEqual([
      ANNOTATION_ENVIRONMENT,
      ANNOTATION_SCOPES,
      ANNOTATION_RESOURCE,
      ANNOTATION_CONSUMER_ORG,
      ANNOTATION_KEY_ID,
    ]);
    expect(result.problems[0].fix).toContain('test, prod');
    expect(result.problems[1].message).toContain('"dfo"');
    expect(result.problems[3].fix).toMatch(/9 digits/);
  });

  it('requires at least one scope', () => {
    const result = parseMaskinportenIntegration(
      entityWith({ [ANNOTATION_ENVIRONMENT]: 'prod' }),
      options,
    );
    expect(result).toMatchObject({
      kind: 'invalid',
      problems: [{ annotation: ANNOTATION_SCOPES, message: 'No scopes are declared.' }],
    });
  });
});

describe('Gravitee overrides', () => {
  it('reads the context path and IP allow-list from the entity', () => {
    const result = parseMaskinportenIntegration(
      entityWith({
        [ANNOTATION_SCOPES]: 'dfo:ansatte',
        'maskinporten.no/gravitee-context-path': '/maskinporten/dfo',
        'maskinporten.no/gravitee-ip-allow-list': '10.0.0.0/8, 2001:db8::/32',
      }),
      options,
    );
    expect(result).toMatchObject({
      kind: 'integration',
      integration: { gravitee: { contextPath: '/maskinporten/dfo', ipAllowList: ['10.0.0.0/8', '2001:db8::/32'] } },
    });
  });

  it('names bad overrides', () => {
    const result = parseMaskinportenIntegration(
      entityWith({
        [ANNOTATION_SCOPES]: 'dfo:ansatte',
        'maskinporten.no/gravitee-context-path': 'no-slash',
        'maskinporten.no/gravitee-ip-allow-list': 'example.org 0.0.0.0/0',
      }),
      options,
    );
    expect(result.kind === 'invalid' && result.problems[1].message).toMatch(/"example.org", "0.0.0.0\/0"/);
    expect(result.kind === 'invalid' && result.problems.map(p => p.annotation)).toEqual([
      'maskinporten.no/gravitee-context-path',
      'maskinporten.no/gravitee-ip-allow-list',
    ]);
  });

  it.each([
    ['a padded catch-all range', { 'maskinporten.no/gravitee-ip-allow-list': '0.0.0.0/00' }, 'maskinporten.no/gravitee-ip-allow-list'],
    ['an IPv6 padded catch-all range', { 'maskinporten.no/gravitee-ip-allow-list': '::/000' }, 'maskinporten.no/gravitee-ip-allow-list'],
    ['a prefix with a leading zero', { 'maskinporten.no/gravitee-ip-allow-list': '10.0.0.0/08' }, 'maskinporten.no/gravitee-ip-allow-list'],
    ['a ".." segment', { 'maskinporten.no/gravitee-context-path': '/maskinporten/../admin' }, 'maskinporten.no/gravitee-context-path'],
    ['a "." segment', { 'maskinporten.no/gravitee-context-path': '/maskinporten/./dfo' }, 'maskinporten.no/gravitee-context-path'],
  ])('refuses %s, naming the annotation', (_what, annotations, annotation) => {
    const result = parseMaskinportenIntegration(entityWith({ [ANNOTATION_SCOPES]: 'dfo:ansatte', ...annotations }), options);
    expect(result.kind === 'invalid' && result.problems.map(p => p.annotation)).toEqual([annotation]);
  });
});

it('treats an empty IP allow-list annotation as unset, not as "no filter"', () => {
  const result = parseMaskinportenIntegration(
    entityWith({ [ANNOTATION_SCOPES]: 'dfo:ansatte', 'maskinporten.no/gravitee-ip-allow-list': ' ' }),
    options,
  );
  expect(result.kind === 'integration' && result.integration.gravitee).toBeUndefined();
});

describe('isMaskinportenAvailable', () => {
  it('is true for any maskinporten.no annotation, valid or not', () => {
    expect(isMaskinportenAvailable(entityWith({ [ANNOTATION_ENVIRONMENT]: 'x' }))).toBe(true);
    expect(isMaskinportenAvailable(entityWith({ 'backstage.io/techdocs-ref': 'dir:.' }))).toBe(false);
  });
});

describe('splitAnnotationList', () => {
  it('splits on commas and any whitespace', () => {
    expect(splitAnnotationList(' a:b,c:d\n e:f ,, ')).toEqual(['a:b', 'c:d', 'e:f']);
    expect(splitAnnotationList(undefined)).toEqual([]);
  });
});

describe('path-safe values (security review)', () => {
  it('refuses client ids that would move a Digdir URL ("." and "..") or overflow the column', () => {
    for (const clientId of ['.', '..', '...', 'a/b', 'a%2Fb', 'x'.repeat(256)]) {
      expect(isValidClientId(clientId)).toBe(false);
      const result = parseMaskinportenIntegration(
        entityWith({ [ANNOTATION_SCOPES]: 'dfo:ansatte', [ANNOTATION_CLIENT_ID]: clientId }),
        { environments: ['test'] },
      );
      expect(result.kind).toBe('invalid');
    }
    for (const clientId of ['0f1e2d3c-aaaa-bbbb-cccc-123456789abc', 'legacy.client-1', 'a.b']) {
      expect(isValidClientId(clientId)).toBe(true);
    }
  });

  it('refuses context paths with "..", "." or empty segments', () => {
    for (const path of ['/../admin', '/a/../b', '/a/./b', '/a//b', '/..', '/.']) {
      expect(isValidContextPath(path)).toBe(false);
    }
    for (const path of ['/', '/maskinporten/dfo', '/maskinporten/dfo/', '/a.b/c~d']) {
      expect(isValidContextPath(path)).toBe(true);
    }
  });

  it('refuses catch-all ranges in any spelling, and malformed addresses', () => {
    for (const ip of ['0.0.0.0/0', '0.0.0.0/00', '10.0.0.0/0', '::/0', '::/00', '256.1.1.1', '01.2.3.4', '10.0.0.0/33', '2001:db8::/129', '1.2.3.4/', ':::', 'example.org']) {
      expect(isRestrictiveIpOrCidr(ip)).toBe(false);
    }
    for (const ip of ['10.0.0.0/8', '192.0.2.1', '192.0.2.1/32', '2001:db8::/32', '::1', '0.0.0.0/1']) {
      expect(isRestrictiveIpOrCidr(ip)).toBe(true);
    }
  });

  it('answers in linear time on long hostile input (no backtracking)', () => {
    const long = `${'0:'.repeat(50_000)}x`;
    expect(isRestrictiveIpOrCidr(long)).toBe(false);
    expect(isValidContextPath(`/${'a/'.repeat(100_000)}..`)).toBe(false);
    expect(isValidClientId('.'.repeat(100_000))).toBe(false);
  });
});
