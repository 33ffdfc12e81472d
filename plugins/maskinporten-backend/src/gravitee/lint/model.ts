import { GraviteeDefinitionError } from '../errors';
import { jsonPath } from './jsonPath';

export type JsonObject = Record<string, unknown>;

/** One enabled policy step, wherever it sits (API flow or plan flow, any phase). */
export interface LintStep {
  policy: string;
  configuration: JsonObject;
  /** Path to the step; its configuration is at `${path}.configuration`. */
  path: string;
}

export interface LintEndpoint {
  name: string;
  target?: string;
  targetPath: string;
  /** v2 `backup: true` or v4 `secondary: true`: only used when the others fail. */
  backup: boolean;
  path: string;
}

export interface LintTls {
  trustAll?: unknown;
  hostnameVerifier?: unknown;
  path: string;
}

export interface LintResource {
  name?: string;
  type?: string;
  configuration: JsonObject;
  path: string;
}

/** A v2 or v4 definition reduced to what the rules look at, with JSON paths into the original. */
export interface DefinitionModel {
  version: 'v2' | 'v4';
  /** `$`, or `$.api` inside a v4 import payload. */
  base: string;
  steps: LintStep[];
  endpoints: LintEndpoint[];
  tls: LintTls[];
  resources: LintResource[];
  /**
   * v2 only: true when the API runs on the V3 (legacy) engine, `"execution_mode": "v3"`. APIM
   * 4.x runs v2 APIs on the V4 emulation engine unless they say so.
   */
  v3ExecutionMode: boolean;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Exports sometimes carry nested configuration as a JSON string rather than an object. */
function asObject(value: unknown): JsonObject {
  if (isObject(value)) {
    return value;
  }
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      return isObject(parsed) ? parsed : {};
    } catch {
      return {};
    }
  }
  return {};
}

function entries(value: unknown): Array<[string | number, unknown]> {
  if (Array.isArray(value)) {
    return value.map((item, i) => [i, item]);
  }
  // v4 definitions have been exported with plans as a map keyed by id.
  return isObject(value) ? Object.entries(value) : [];
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a JSON array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

function detectVersion(definition: JsonObject, where: string): 'v2' | 'v4' {
  if ('gravitee' in definition && !('definitionVersion' in definition)) {
    if (definition.gravitee === '2.0.0') {
      return 'v2';
    }
    // Gravitee's own v4 fixtures (gateway integration tests, test SDK) write only this.
    if (definition.gravitee === '4.0.0') {
      return 'v4';
    }
    const hint = definition.gravitee === '1.0.0' ? ' (path-based v1 APIs must first be migrated to flows)' : '';
    throw new GraviteeDefinitionError(
      `Unsupported definition version at ${where}: "gravitee": ${JSON.stringify(definition.gravitee)}${hint}`,
    );
  }
  if ('definitionVersion' in definition) {
    const version = String(definition.definitionVersion).toUpperCase();
    if (version === 'V4' || version === '4.0.0') {
      return 'v4';
    }
    if (version === 'V2' || version === '2.0.0') {
      return 'v2';
    }
    throw new GraviteeDefinitionError(
      `Unsupported definition version at ${where}: "definitionVersion": ${JSON.stringify(definition.definitionVersion)}`,
    );
  }
  throw new GraviteeDefinitionError(
    `Not a Gravitee API definition: ${where} has neither "gravitee" nor "definitionVersion"`,
  );
}

export function parseDefinition(json: unknown): DefinitionModel {
  if (!isObject(json)) {
    throw new GraviteeDefinitionError(`Got ${describeValue(json)}, not a JSON object`);
  }
  const wrapped = !('gravitee' in json) && !('definitionVersion' in json) && isObject(json.api);
  const api = wrapped ? (json.api as JsonObject) : json;
  const base = wrapped ? '$.api' : '$';
  const version = detectVersion(api, base);

  const model: DefinitionModel = {
    version,
    base,
    steps: [],
    endpoints: [],
    tls: [],
    resources: [],
    v3ExecutionMode: version === 'v2' && String(api.execution_mode ?? '').toLowerCase() === 'v3',
  };
  const phases = version === 'v2' ? ['pre', 'post'] : ['request', 'response', 'subscribe', 'publish', 'connect', 'interact'];

  collectFlows(model, api.flows, jsonPath(base, 'flows'), phases);
  const planSources: Array<[unknown, string]> = [[api.plans, jsonPath(base, 'plans')]];
  if (wrapped) {
    planSources.push([json.plans, jsonPath('$', 'plans')]);
  }
  for (const [plans, plansPath] of planSources) {
    for (const [key, plan] of entries(plans)) {
      if (isObject(plan)) {
        collectFlows(model, plan.flows, jsonPath(plansPath, key, 'flows'), phases);
      }
    }
  }
  if (version === 'v2') {
    collectV2Endpoints(model, api, base);
  } else {
    collectV4Endpoints(model, api, base);
  }
  for (const [i, resource] of entries(api.resources)) {
    if (isObject(resource) && resource.enabled !== false) {
      model.resources.push({
        name: typeof resource.name === 'string' ? resource.name : undefined,
        type: typeof resource.type === 'string' ? resource.type : undefined,
        configuration: asObject(resource.configuration),
        path: jsonPath(base, 'resources', i),
      });
    }
  }
  return model;
}

function collectFlows(model: DefinitionModel, flows: unknown, flowsPath: string, phases: string[]) {
  for (const [i, flow] of entries(flows)) {
    // Disabled flows and steps never run, so they cannot break a token request.
    if (!isObject(flow) || flow.enabled === false) continue;
    for (const phase of phases) {
      for (const [j, step] of entries(flow[phase])) {
        if (!isObject(step) || step.enabled === false || typeof step.policy !== 'string') continue;
        model.steps.push({
          policy: step.policy,
          configuration: asObject(step.configuration),
          path: jsonPath(flowsPath, i, phase, j),
        });
      }
    }
  }
}

function collectV2Endpoints(model: DefinitionModel, api: JsonObject, base: string) {
  const proxy = isObject(api.proxy) ? api.proxy : {};
  // The legacy `proxy.endpoints` (no groups), which the v2 ProxyDeserializer still reads as
  // the default group's endpoints (gravitee-apim-definition-jackson `datatype/api/deser/ProxyDeserializer.java`, tag 4.10.8).
  for (const [e, endpoint] of entries(proxy.endpoints)) {
    if (!isObject(endpoint)) continue;
    const path = jsonPath(base, 'proxy', 'endpoints', e);
    model.endpoints.push({
      name: typeof endpoint.name === 'string' ? endpoint.name : String(e),
      target: typeof endpoint.target === 'string' ? endpoint.target : undefined,
      targetPath: jsonPath(path, 'target'),
      backup: endpoint.backup === true,
      path,
    });
  }
  const groupsPath = jsonPath(base, 'proxy', 'groups');
  for (const [g, group] of entries(proxy.groups)) {
    if (!isObject(group)) continue;
    const groupPath = jsonPath(groupsPath, g);
    if (isObject(group.ssl)) {
      model.tls.push({ ...group.ssl, path: jsonPath(groupPath, 'ssl') });
    }
    for (const [e, endpoint] of entries(group.endpoints)) {
      if (!isObject(endpoint)) continue;
      const path = jsonPath(groupPath, 'endpoints', e);
      model.endpoints.push({
        name: typeof endpoint.name === 'string' ? endpoint.name : String(e),
        target: typeof endpoint.target === 'string' ? endpoint.target : undefined,
        targetPath: jsonPath(path, 'target'),
        backup: endpoint.backup === true,
        path,
      });
      if (endpoint.inherit === false && isObject(endpoint.ssl)) {
        model.tls.push({ ...endpoint.ssl, path: jsonPath(path, 'ssl') });
      }
    }
  }
}

function collectV4Endpoints(model: DefinitionModel, api: JsonObject, base: string) {
  for (const [g, group] of entries(api.endpointGroups)) {
    if (!isObject(group)) continue;
    const groupPath = jsonPath(base, 'endpointGroups', g);
    const shared = asObject(group.sharedConfiguration);
    if (isObject(shared.ssl)) {
      model.tls.push({ ...shared.ssl, path: jsonPath(groupPath, 'sharedConfiguration', 'ssl') });
    }
    for (const [e, endpoint] of entries(group.endpoints)) {
      if (!isObject(endpoint)) continue;
      const path = jsonPath(groupPath, 'endpoints', e);
      const configuration = asObject(endpoint.configuration);
      model.endpoints.push({
        name: typeof endpoint.name === 'string' ? endpoint.name : String(e),
        target: typeof configuration.target === 'string' ? configuration.target : undefined,
        targetPath: jsonPath(path, 'configuration', 'target'),
        backup: endpoint.secondary === true,
        path,
      });
      const override = asObject(endpoint.sharedConfigurationOverride);
      if (endpoint.inheritConfiguration === false && isObject(override.ssl)) {
        model.tls.push({ ...override.ssl, path: jsonPath(path, 'sharedConfigurationOverride', 'ssl') });
      }
    }
  }
}
