import {
  GraviteeDefinition,
  GraviteeResource,
  GraviteeStep,
  GraviteeV2Definition,
  GraviteeV4ImportDefinition,
} from '../types';

export interface LocatedStep {
  step: GraviteeStep;
  where: string;
}

/** Every step of a rendered definition, API flows and plan flows, in order. */
export function allSteps(definition: GraviteeDefinition): LocatedStep[] {
  if ('gravitee' in definition) {
    const v2 = definition as GraviteeV2Definition;
    return [
      ...v2.flows.flatMap((f, i) => [...f.pre, ...f.post].map(step => ({ step, where: `flows[${i}]` }))),
      ...v2.plans.flatMap((p, k) =>
        p.flows.flatMap((f, i) => [...f.pre, ...f.post].map(step => ({ step, where: `plans[${k}].flows[${i}]` }))),
      ),
    ];
  }
  const v4 = definition as GraviteeV4ImportDefinition;
  const phases = (f: GraviteeV4ImportDefinition['api']['flows'][number]) => [
    ...f.request,
    ...f.response,
    ...f.subscribe,
    ...f.publish,
  ];
  return [
    ...v4.api.flows.flatMap((f, i) => phases(f).map(step => ({ step, where: `api.flows[${i}]` }))),
    ...v4.plans.flatMap((p, k) => p.flows.flatMap((f, i) => phases(f).map(step => ({ step, where: `plans[${k}].flows[${i}]` })))),
  ];
}

export function resources(definition: GraviteeDefinition): GraviteeResource[] {
  return 'gravitee' in definition ? definition.resources : definition.api.resources;
}

export function stepOf<C = Record<string, unknown>>(definition: GraviteeDefinition, policy: string): GraviteeStep<C> {
  const found = allSteps(definition).filter(s => s.step.policy === policy);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${policy} step, found ${found.length}`);
  }
  return found[0].step as GraviteeStep<C>;
}

export function endpointTargets(definition: GraviteeDefinition): string[] {
  if ('gravitee' in definition) {
    return definition.proxy.groups.flatMap(g => g.endpoints.map(e => e.target));
  }
  return definition.api.endpointGroups.flatMap(g => g.endpoints.map(e => e.configuration.target));
}

/** A deep, mutable copy for lint tests that break one thing at a time. */
export function clone<T>(value: T): any {
  return JSON.parse(JSON.stringify(value));
}
