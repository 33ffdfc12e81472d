import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { GraviteeDeployConfig } from '../../config/readMaskinportenConfig';
import { GraviteeDefinition, GraviteeFormat } from '../types';
import { GraviteeCredentialsError, sanitizeGraviteeText } from './errors';

type Operation = 'import' | 'update' | 'start' | 'deploy';

/**
 * The calls a deploy makes to the Gravitee management API, for v2 and v4 definitions.
 *
 * Every URL is built from configuration and from ids Gravitee itself returned; nothing comes
 * from a request. Errors never carry the request body, which may hold a private key.
 *
 * Paths (reference/MASKINPORTEN.md §6):
 * - v2: `POST /management/organizations/{org}/environments/{env}/apis/import?definitionVersion=2.0.0`
 *   to create; `PUT …/apis/{apiId}/import?definitionVersion=2.0.0` to update. The reference
 *   writes the update as `PUT …/apis/import`; we use the id-scoped form so that the API to
 *   update is named by the id we stored, not matched by whatever id the body carries.
 *   Then `POST …/apis/{apiId}?action=START` and `POST …/apis/{apiId}/deploy`.
 * - v4: `POST /management/v2/environments/{env}/apis/_import/definition`,
 *   `PUT …/apis/{apiId}/_import/definition`, `POST …/apis/{apiId}/_start`,
 *   `POST …/apis/{apiId}/deployments`.
 */
export class GraviteeManagementClient {
  readonly #config: GraviteeDeployConfig;
  readonly #fetch: typeof fetch;

  constructor(config: GraviteeDeployConfig, fetchImpl: typeof fetch = fetch) {
    this.#config = config;
    this.#fetch = fetchImpl;
  }

  /** Imports a new API; answers Gravitee's id for it. */
  async importApi(format: GraviteeFormat, definition: GraviteeDefinition): Promise<string> {
    const body = await this.#call('import', 'POST', this.#importPath(format), definition);
    return readApiId(body);
  }

  /** Replaces the API's definition. A `NotFoundError` means Gravitee has no API with that id. */
  async updateApi(
    format: GraviteeFormat,
    apiId: string,
    definition: GraviteeDefinition,
  ): Promise<void> {
    await this.#call('update', 'PUT', this.#updatePath(format, apiId), definition);
  }

  /** Starts the API; an answer that it is already started counts as success. */
  async startApi(format: GraviteeFormat, apiId: string): Promise<void> {
    const path =
      format === 'v2'
        ? `${this.#v2Apis()}/${encodeURIComponent(apiId)}?action=START`
        : `${this.#v4Apis()}/${encodeURIComponent(apiId)}/_start`;
    try {
      await this.#call('start', 'POST', path);
    } catch (error) {
      if (error instanceof ConflictError && /already\s+(been\s+)?start/i.test(error.message)) {
        return;
      }
      throw error;
    }
  }

  /** Deploys the API's current definition to the gateways. */
  async deployApi(format: GraviteeFormat, apiId: string): Promise<void> {
    const path =
      format === 'v2'
        ? `${this.#v2Apis()}/${encodeURIComponent(apiId)}/deploy`
        : `${this.#v4Apis()}/${encodeURIComponent(apiId)}/deployments`;
    await this.#call('deploy', 'POST', path, format === 'v4' ? {} : undefined);
  }

  #v2Apis() {
    const { organization, environment } = this.#config;
    return `/management/organizations/${encodeURIComponent(organization)}/environments/${encodeURIComponent(environment)}/apis`;
  }

  #v4Apis() {
    return `/management/v2/environments/${encodeURIComponent(this.#config.environment)}/apis`;
  }

  #importPath(format: GraviteeFormat) {
    return format === 'v2'
      ? `${this.#v2Apis()}/import?definitionVersion=2.0.0`
      : `${this.#v4Apis()}/_import/definition`;
  }

  #updatePath(format: GraviteeFormat, apiId: string) {
    const id = encodeURIComponent(apiId);
    return format === 'v2'
      ? `${this.#v2Apis()}/${id}/import?definitionVersion=2.0.0`
      : `${this.#v4Apis()}/${id}/_import/definition`;
  }

  async #call(
    operation: Operation,
    method: 'POST' | 'PUT',
    path: string,
    body?: unknown,
  ): Promise<unknown> {
    const url = `${this.#config.managementUrl}${path}`;
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.#config.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'error',
        signal: AbortSignal.timeout(this.#config.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new ServiceUnavailableError(
          `Gravitee management API unavailable: ${operation} did not answer within ${this.#config.timeoutMs} ms (maskinporten.gravitee.timeoutMs)`,
        );
      }
      const cause = (error as { cause?: { code?: string } })?.cause?.code;
      throw new ServiceUnavailableError(
        `Gravitee management API unavailable: ${operation} could not reach ${this.#config.managementUrl}${cause ? ` (${cause})` : ''}`,
      );
    }

    if (response.ok) {
      return parseJson(text);
    }
    const detail = graviteeMessage(text);
    const status = response.status;
    if (status === 401 || status === 403) {
      throw new GraviteeCredentialsError(
        `Gravitee rejected the credentials (maskinporten.gravitee.token): ${operation} answered ${status}. Check that the token is valid and may manage APIs in environment ${this.#config.environment}.`,
      );
    }
    if (status >= 500) {
      throw new ServiceUnavailableError(
        `Gravitee management API unavailable: ${operation} answered ${status}${detail ? `: ${detail}` : ''}`,
      );
    }
    if (status === 404) {
      throw new NotFoundError(
        `Gravitee has no such API or environment: ${operation} answered 404${detail ? `: ${detail}` : ''}`,
      );
    }
    throw new ConflictError(
      `Gravitee refused the ${operation} (${status})${detail ? `: ${detail}` : ''}`,
    );
  }
}

function parseJson(text: string): unknown {
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Gravitee answers errors as `{"message": …}` (v2) or `{"message": …, "httpStatus": …}` (v4). */
function graviteeMessage(text: string): string {
  const body = parseJson(text) as { message?: unknown } | undefined;
  const message = typeof body?.message === 'string' ? body.message : text;
  return sanitizeGraviteeText(message);
}

function readApiId(body: unknown): string {
  const id = (body as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string' || id.length === 0) {
    throw new ServiceUnavailableError(
      'Gravitee management API unavailable: the import answer carried no API id',
    );
  }
  return id;
}
