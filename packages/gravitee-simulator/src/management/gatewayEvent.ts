import { randomUUID } from 'node:crypto';

/**
 * What the management API hands the gateways when it deploys an API, in the shape of the
 * gateway's local-sync file (gravitee-apim-gateway-services-sync, tag 4.10.8,
 * `process/local/model/LocalSyncFileDefinition.java`): the repository `Event` of type
 * PUBLISH_API whose payload is the repository `Api` with its gateway definition as a string
 * (`EventServiceImpl#buildApiEventPayload`: the API definition with its non-closed plans),
 * plus the API's subscriptions and API keys (repository `Subscription` and `ApiKey`).
 *
 * @public
 */
export interface LocalSyncFile {
  /** Absent when only subscriptions and API keys are synced. */
  apiEvent?: {
    id: string;
    type: 'PUBLISH_API';
    payload: string;
    properties: Record<string, string>;
    createdAt: number;
    environments: string[];
  };
  subscriptions: Array<Record<string, unknown>>;
  apiKeys: Array<Record<string, unknown>>;
}

/** @public */
export interface DoubleSubscription {
  id: string;
  plan: string;
  application: string;
  apiKey: string;
  apiKeyId: string;
  status: 'ACCEPTED' | 'CLOSED';
  createdAt: number;
}

/**
 * The REST model's enum names (ExportApiV4, openapi-apis.yaml) become the labels the v4
 * definition model reads (gravitee-apim-definition-model, tag 4.10.8, io/gravitee/definition/
 * model/v4: ListenerType "http", SelectorType "http", Qos "auto", LoadBalancerType
 * "round-robin", FlowMode "default", ApiType "proxy", PlanMode "standard", PlanStatus
 * "published"), as the management API's mappers do; the plan security `API_KEY` becomes
 * "api-key" (management-v2-rest `mapper/PlanMapper.java`, rest-api-model
 * `v4/plan/PlanSecurityType.java`).
 */
const label = (value: unknown) => String(value ?? '').toLowerCase().split('_').join('-');

function flowDefinition(flow: any) {
  return {
    ...flow,
    selectors: (flow.selectors ?? []).map((selector: any) => ({ ...selector, type: label(selector.type) })),
  };
}

export function v4GatewayDefinition(apiId: string, body: any): Record<string, unknown> {
  const { crossId: _crossId, visibility: _visibility, ...api } = body.api;
  return {
    ...api,
    id: apiId,
    // DefinitionVersion's label (its @JsonValue); "V4" would read as the default, V1.
    definitionVersion: '4.0.0',
    type: label(api.type),
    listeners: (api.listeners ?? []).map((listener: any) => ({
      ...listener,
      type: label(listener.type),
      entrypoints: (listener.entrypoints ?? []).map((e: any) => ({ ...e, qos: label(e.qos ?? 'AUTO') })),
    })),
    endpointGroups: (api.endpointGroups ?? []).map((group: any) => ({
      ...group,
      loadBalancer: { ...group.loadBalancer, type: label(group.loadBalancer?.type ?? 'ROUND_ROBIN') },
    })),
    flowExecution: { ...api.flowExecution, mode: label(api.flowExecution?.mode ?? 'DEFAULT') },
    flows: (api.flows ?? []).map(flowDefinition),
    plans: (body.plans ?? []).map((plan: any) => ({
      id: plan.id,
      name: plan.name,
      security: { type: label(plan.security?.type), configuration: plan.security?.configuration ?? {} },
      mode: label(plan.mode ?? 'STANDARD'),
      status: label(plan.status ?? 'PUBLISHED'),
      flows: (plan.flows ?? []).map(flowDefinition),
    })),
  };
}

/** The gateway definition of a v2 API: the v2 import format is the definition format. */
export function v2GatewayDefinition(apiId: string, body: any): Record<string, unknown> {
  const { crossId: _crossId, visibility: _visibility, ...definition } = body;
  return {
    ...definition,
    id: apiId,
    plans: (body.plans ?? []).map((plan: any) => ({ ...plan, api: apiId })),
  };
}

export function publishEvent(options: {
  apiId: string;
  environmentId: string;
  format: 'v2' | 'v4';
  name: string;
  started: boolean;
  deploymentNumber: number;
  definition: Record<string, unknown>;
  subscriptions: DoubleSubscription[];
}): LocalSyncFile {
  const now = Date.now();
  const api = {
    id: options.apiId,
    environmentId: options.environmentId,
    name: options.name,
    version: '1',
    // DefinitionVersion is written by its label (@JsonValue getLabel: "2.0.0", "4.0.0").
    definitionVersion: options.format === 'v4' ? '4.0.0' : '2.0.0',
    type: 'PROXY',
    lifecycleState: options.started ? 'STARTED' : 'STOPPED',
    definition: JSON.stringify(options.definition),
  };
  return {
    apiEvent: {
      id: randomUUID(),
      type: 'PUBLISH_API',
      payload: JSON.stringify(api),
      properties: { api_id: options.apiId, deployment_number: String(options.deploymentNumber) },
      createdAt: now,
      environments: [options.environmentId],
    },
    ...syncedSubscriptions(options.apiId, options.environmentId, options.subscriptions, now),
  };
}

/** Only subscriptions and their API keys, as the sync service registers them without touching the API. */
export function subscriptionEvent(
  apiId: string,
  environmentId: string,
  subscriptions: DoubleSubscription[],
): LocalSyncFile {
  const now = Date.now();
  return {
    apiEvent: undefined,
    ...syncedSubscriptions(apiId, environmentId, subscriptions, now),
  };
}

/** Repository `Subscription` and `ApiKey` as the sync service reads them (tag 4.10.8). */
function syncedSubscriptions(apiId: string, environmentId: string, subscriptions: DoubleSubscription[], now: number) {
  return {
    subscriptions: subscriptions.map(s => ({
      id: s.id,
      api: apiId,
      plan: s.plan,
      application: s.application,
      applicationName: 'Maskinporten test consumer',
      status: s.status,
      consumerStatus: 'STARTED',
      type: 'STANDARD',
      environmentId,
      createdAt: s.createdAt,
      updatedAt: now,
      startingAt: s.createdAt,
    })),
    apiKeys: subscriptions.map(s => ({
      id: s.apiKeyId,
      key: s.apiKey,
      subscriptions: [s.id],
      application: s.application,
      environmentId,
      revoked: s.status !== 'ACCEPTED',
      paused: false,
      createdAt: s.createdAt,
      updatedAt: now,
    })),
  };
}
