import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { GraviteeDeployConfig } from '../../config/readMaskinportenConfig';
import {
  GraviteeDefinition,
  GraviteeFormat,
  GraviteeV4ImportDefinition,
} from '../types';
import { ApimVersion, hasV4ImportUpdate, parseApimVersion } from './apimVersion';
import { callManagementApi, ManagementOperation } from './managementHttp';
import { SecretScrubber } from './secretScrubber';

/**
 * The management API calls a deploy makes, per definition format and APIM version. Every
 * URL is built from configuration and ids (ours or Gravitee's); nothing comes from a request.
 * Routes, with the source that has them on branches 4.5.x, 4.8.x, 4.10.x and 4.12.x of
 * gravitee-io/gravitee-api-management (v1 = gravitee-apim-rest-api-management-rest
 * `resource/ApisResource.java` and `ApiResource.java`; v2 = gravitee-apim-rest-api-management-v2-rest
 * `src/main/resources/openapi/openapi-apis.yaml`):
 *
 * | | v2 definition (v1 management API) | v4 definition (v2 management API) |
 * |---|---|---|
 * | version | `GET /management/openapi.json` → `info.version` | same |
 * | find | `GET …/apis?crossId={marker}` | `GET /management/v2/environments/{env}/apis/{id}` |
 * | create | `POST …/apis/import?definitionVersion=2.0.0` (200) | `POST …/apis/_import/definition` (201) |
 * | update | `PUT …/apis/{id}/import` (200) | 4.12+: `PUT …/apis/{id}/_import/definition` (200); before: `PUT …/apis/{id}` (UpdateApiV4) and `PUT …/apis/{id}/plans/{planId}` (UpdatePlanV4) |
 * | start | `POST …/apis/{id}?action=START` (204) | `POST …/apis/{id}/_start` (204; 400 when started) |
 * | deploy | `POST …/apis/{id}/deploy` (200) | `POST …/apis/{id}/deployments` (202) |
 * | read | `GET /management/v2/environments/{env}/apis/{id}` (any definition version: `definitionVersion`, `state`) | same |
 * | export | `GET …/apis/{id}/export` (200, the definition) | `GET …/apis/{id}/_export/definition` (200, ExportApiV4) |
 *
 * and for a token request through the gateway with the plan's credentials (v2 API, any
 * definition version; `ApiSubscriptionsResource`, the same on 4.5.29, 4.8.32, 4.10.8 and 4.12.17):
 * `GET …/apis/{id}/subscriptions?applicationIds=&planIds=&statuses=ACCEPTED`,
 * `POST …/apis/{id}/subscriptions` (CreateSubscription; 201, accepted at once when the API's
 * publisher creates it) and `GET …/apis/{id}/subscriptions/{subscriptionId}/api-keys`.
 *
 * where v1 `…` is `/management/organizations/{org}/environments/{env}`.
 */
export class GraviteeManagementClient {
  readonly #config: GraviteeDeployConfig;
  readonly #fetch: typeof fetch;

  constructor(config: GraviteeDeployConfig, fetchImpl: typeof fetch = fetch) {
    this.#config = config;
    this.#fetch = fetchImpl;
  }

  /** The APIM version, from the management API's own OpenAPI document. */
  async getVersion(): Promise<ApimVersion> {
    const { body } = await this.#call('version', 'GET', '/management/openapi.json', {
      authenticate: false,
    });
    const version = parseApimVersion((body as { info?: { version?: unknown } })?.info?.version);
    if (!version) {
      throw new ServiceUnavailableError(
        'Gravitee management API unavailable: GET /management/openapi.json carried no APIM version (info.version)',
      );
    }
    return version;
  }

  /** Gravitee's id of the API that carries `marker`, or undefined when there is none. */
  async findApi(format: GraviteeFormat, marker: string): Promise<string | undefined> {
    if (format === 'v4') {
      return (await this.apiExists('v4', marker)) ? marker : undefined;
    }
    const { body } = await this.#call(
      'look up',
      'GET',
      `${this.#v1Apis()}?crossId=${encodeURIComponent(marker)}`,
    );
    const ids = Array.isArray(body)
      ? body.map(item => (item as { id?: unknown })?.id).filter((id): id is string => typeof id === 'string')
      : [];
    if (ids.length > 1) {
      throw new ServiceUnavailableError(
        `Gravitee management API unavailable: ${ids.length} APIs carry the deployment marker ${marker}`,
      );
    }
    return ids[0];
  }

  /** True when Gravitee has the API; false only on a 404 for it. */
  async apiExists(format: GraviteeFormat, apiId: string): Promise<boolean> {
    const path =
      format === 'v2'
        ? `${this.#v1Apis()}/${encodeURIComponent(apiId)}`
        : `${this.#v2Apis()}/${encodeURIComponent(apiId)}`;
    const { status } = await this.#call('look up', 'GET', path, { allow: [404] });
    return status !== 404;
  }

  /** Imports a new API; answers Gravitee's id for it. */
  async importApi(
    format: GraviteeFormat,
    definition: GraviteeDefinition,
    scrubber: SecretScrubber,
  ): Promise<string> {
    const path =
      format === 'v2'
        ? `${this.#v1Apis()}/import?definitionVersion=2.0.0`
        : `${this.#v2Apis()}/_import/definition`;
    const { body } = await this.#call('import', 'POST', path, { body: definition, scrubber });
    const id = (body as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || id.length === 0) {
      throw new ServiceUnavailableError(
        'Gravitee management API unavailable: the import answer carried no API id',
      );
    }
    return id;
  }

  /**
   * Replaces the API's definition with the routes `version` has. A `NotFoundError` means a
   * route answered 404: the caller looks the API up before it concludes anything.
   */
  async updateApi(
    format: GraviteeFormat,
    version: ApimVersion,
    apiId: string,
    definition: GraviteeDefinition,
    scrubber: SecretScrubber,
  ): Promise<void> {
    const id = encodeURIComponent(apiId);
    if (format === 'v2') {
      await this.#call('update', 'PUT', `${this.#v1Apis()}/${id}/import`, { body: definition, scrubber });
      return;
    }
    const v4 = definition as GraviteeV4ImportDefinition;
    if (hasV4ImportUpdate(version)) {
      await this.#call('update', 'PUT', `${this.#v2Apis()}/${id}/_import/definition`, { body: v4, scrubber });
      return;
    }
    await this.#call('update', 'PUT', `${this.#v2Apis()}/${id}`, { body: toUpdateApiV4(v4), scrubber });
    for (const plan of v4.plans) {
      await this.#call('update plan', 'PUT', `${this.#v2Apis()}/${id}/plans/${encodeURIComponent(plan.id)}`, {
        body: toUpdatePlanV4(plan),
        scrubber,
      });
    }
  }

  /** Starts the API; an API that is already started counts as started. */
  async startApi(format: GraviteeFormat, apiId: string): Promise<void> {
    const id = encodeURIComponent(apiId);
    const path = format === 'v2' ? `${this.#v1Apis()}/${id}?action=START` : `${this.#v2Apis()}/${id}/_start`;
    const { status } = await this.#call('start', 'POST', path, { allow: [400] });
    if (status === 400 && !(await this.#isStarted(format, apiId))) {
      await this.#call('start', 'POST', path);
    }
  }

  /** Deploys the API's current definition to the gateways. */
  async deployApi(format: GraviteeFormat, apiId: string): Promise<void> {
    const id = encodeURIComponent(apiId);
    if (format === 'v2') {
      await this.#call('deploy', 'POST', `${this.#v1Apis()}/${id}/deploy`);
    } else {
      await this.#call('deploy', 'POST', `${this.#v2Apis()}/${id}/deployments`, { body: {} });
    }
  }

  /**
   * The API's definition format, name and state, from the v2 management API, which reads APIs
   * of every definition version (`Api` is oneOf ApiV2, ApiV4, … by `definitionVersion`).
   * Undefined on 404. Only v2 and v4 proxy APIs can be token services.
   */
  async describeApi(apiId: string): Promise<{ format: GraviteeFormat; name?: string; started: boolean } | undefined> {
    const { status, body } = await this.#call('look up', 'GET', `${this.#v2Apis()}/${encodeURIComponent(apiId)}`, {
      allow: [404],
    });
    if (status === 404) {
      return undefined;
    }
    const api = (body ?? {}) as { definitionVersion?: unknown; name?: unknown; state?: unknown };
    const version = String(api.definitionVersion ?? '').toUpperCase();
    if (version !== 'V2' && version !== 'V4') {
      throw new ConflictError(`Gravitee API ${apiId} has definition version ${String(api.definitionVersion)}; only v2 and v4 APIs run token services`);
    }
    return {
      format: version === 'V4' ? 'v4' : 'v2',
      name: typeof api.name === 'string' ? api.name : undefined,
      started: String(api.state ?? '').toUpperCase() === 'STARTED',
    };
  }

  /**
   * The API's whole definition as Gravitee exports it, plans and keys included: callers take
   * what they need and must never pass it on. Undefined on 404.
   */
  async exportDefinition(format: GraviteeFormat, apiId: string): Promise<Record<string, unknown> | undefined> {
    const id = encodeURIComponent(apiId);
    const path = format === 'v2' ? `${this.#v1Apis()}/${id}/export` : `${this.#v2Apis()}/${id}/_export/definition`;
    const { status, body } = await this.#call('export', 'GET', path, { allow: [404] });
    if (status === 404) {
      return undefined;
    }
    if (typeof body !== 'object' || body === null) {
      throw new ServiceUnavailableError(`Gravitee management API unavailable: the export of API ${apiId} was not JSON`);
    }
    return body as Record<string, unknown>;
  }

  /** The id of the application's accepted subscription to the plan, if it has one. */
  async findSubscription(apiId: string, applicationId: string, planId: string): Promise<string | undefined> {
    const query = `applicationIds=${encodeURIComponent(applicationId)}&planIds=${encodeURIComponent(planId)}&statuses=ACCEPTED`;
    const { body } = await this.#call('subscribe', 'GET', `${this.#v2Apis()}/${encodeURIComponent(apiId)}/subscriptions?${query}`);
    const data = (body as { data?: Array<{ id?: unknown }> } | undefined)?.data;
    const id = Array.isArray(data) ? data.map(s => s?.id).find(x => typeof x === 'string') : undefined;
    return id as string | undefined;
  }

  /** Subscribes the application to the plan; answers the subscription's id. */
  async subscribe(apiId: string, applicationId: string, planId: string): Promise<string> {
    const { body } = await this.#call('subscribe', 'POST', `${this.#v2Apis()}/${encodeURIComponent(apiId)}/subscriptions`, {
      body: { applicationId, planId },
    });
    const id = (body as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string') {
      throw new ServiceUnavailableError('Gravitee management API unavailable: the subscription answer carried no id');
    }
    return id;
  }

  /** A usable API key of the subscription (not revoked, paused or expired). */
  async apiKeyOf(apiId: string, subscriptionId: string): Promise<string | undefined> {
    const { body } = await this.#call(
      'read API keys',
      'GET',
      `${this.#v2Apis()}/${encodeURIComponent(apiId)}/subscriptions/${encodeURIComponent(subscriptionId)}/api-keys`,
    );
    const data = (body as { data?: Array<Record<string, unknown>> } | undefined)?.data ?? [];
    const usable = data.find(k => typeof k?.key === 'string' && !k.revoked && !k.paused && !k.expired);
    return usable?.key as string | undefined;
  }

  /** `state` of `GET` on the API (v1 ApiEntity and v2 GenericApi both have it). */
  async #isStarted(format: GraviteeFormat, apiId: string): Promise<boolean> {
    const id = encodeURIComponent(apiId);
    const path = format === 'v2' ? `${this.#v1Apis()}/${id}` : `${this.#v2Apis()}/${id}`;
    const { body } = await this.#call('start', 'GET', path);
    const state = (body as { state?: unknown } | undefined)?.state;
    return typeof state === 'string' && state.toUpperCase() === 'STARTED';
  }

  #v1Apis() {
    const { organization, environment } = this.#config;
    return `/management/organizations/${encodeURIComponent(organization)}/environments/${encodeURIComponent(environment)}/apis`;
  }

  #v2Apis() {
    return `/management/v2/environments/${encodeURIComponent(this.#config.environment)}/apis`;
  }

  #call(
    operation: ManagementOperation,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    extra: { body?: unknown; scrubber?: SecretScrubber; allow?: number[]; authenticate?: boolean } = {},
  ) {
    return callManagementApi({ config: this.#config, fetchImpl: this.#fetch, operation, method, path, ...extra });
  }
}

/**
 * `UpdateApiV4` (openapi-apis.yaml, 4.5.x–4.12.x): the import's `api` without what only an
 * import or the server sets (id, crossId); a PUT replaces the whole API.
 */
const UPDATE_API_V4_FIELDS = [
  'name',
  'apiVersion',
  'definitionVersion',
  'type',
  'description',
  'visibility',
  'listeners',
  'endpointGroups',
  'analytics',
  'flowExecution',
  'flows',
  'resources',
  'properties',
] as const;

function toUpdateApiV4(definition: GraviteeV4ImportDefinition): Record<string, unknown> {
  const api = definition.api as unknown as Record<string, unknown>;
  return Object.fromEntries(UPDATE_API_V4_FIELDS.filter(f => api[f] !== undefined).map(f => [f, api[f]]));
}

/**
 * `UpdatePlanV4` (UpdateGenericPlan + flows): the security type of an existing plan cannot
 * change, so only its configuration is sent.
 */
function toUpdatePlanV4(plan: GraviteeV4ImportDefinition['plans'][number]): Record<string, unknown> {
  return {
    definitionVersion: 'V4',
    name: plan.name,
    description: plan.description,
    validation: plan.validation,
    characteristics: plan.characteristics,
    order: plan.order,
    commentRequired: plan.commentRequired,
    security: { configuration: plan.security.configuration },
    flows: plan.flows,
  };
}
