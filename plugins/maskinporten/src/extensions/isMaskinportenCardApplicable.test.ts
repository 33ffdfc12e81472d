import { makeEntity } from '../testUtils/fixtures';
import { isMaskinportenCardApplicable } from './isMaskinportenCardApplicable';

describe('isMaskinportenCardApplicable', () => {
  it('applies to any entity with a maskinporten.no annotation, valid or not', () => {
    expect(isMaskinportenCardApplicable(makeEntity({ 'maskinporten.no/environment': 'nope' }, { kind: 'API' }))).toBe(true);
  });

  it('applies to components that depend on a resource', () => {
    const entity = makeEntity({}, {
      relations: [{ type: 'dependsOn', targetRef: 'resource:default/lonn-prod-client' }],
    });
    expect(isMaskinportenCardApplicable(entity)).toBe(true);
  });

  it('stays off components without annotations or resource dependencies, and other kinds', () => {
    expect(isMaskinportenCardApplicable(makeEntity({}))).toBe(false);
    expect(
      isMaskinportenCardApplicable(
        makeEntity({}, { relations: [{ type: 'dependsOn', targetRef: 'component:default/other' }] }),
      ),
    ).toBe(false);
    expect(
      isMaskinportenCardApplicable(
        makeEntity({}, { kind: 'System', relations: [{ type: 'dependsOn', targetRef: 'resource:default/x' }] }),
      ),
    ).toBe(false);
  });
});
