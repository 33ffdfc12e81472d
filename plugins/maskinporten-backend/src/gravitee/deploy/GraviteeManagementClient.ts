import { ServiceUnavailableError } from '@backstage/errors';
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
