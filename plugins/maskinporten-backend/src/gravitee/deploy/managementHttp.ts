import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { GraviteeDeployConfig } from '../../config/readMaskinportenConfig';
import { GraviteeCredentialsError, sanitizeGraviteeText } from './errors';
import { SecretScrubber } from './secretScrubber';

export type ManagementOperation =
  | 'version'
  | 'import'
  | 'update'
  | 'update plan'
  | 'look up'
  | 'start'
  | 'deploy'
  | 'export'
  | 'subscribe'
  | 'read API keys';

export interface ManagementAnswer {
  status: number;
  body: unknown;
}

/**
 * One call to the management API, with the error mapping every route shares:
 * 401/403 → `GraviteeCredentialsError` (502, names `maskinporten.gravitee.token`);
 * 5xx, timeouts and network errors → `ServiceUnavailableError` (503);
 * 404 → `NotFoundError`; other 4xx → `ConflictError` (409) with Gravitee's message.
 *
 * Messages never carry the request body, and Gravitee's own text passes the request's
 * `SecretScrubber` first: a management API may echo the definition, which holds the key.
 * `allow` lists statuses the caller handles itself (they are answered, not thrown).
 */
export async function callManagementApi(options: {
  config: GraviteeDeployConfig;
  fetchImpl: typeof fetch;
  operation: ManagementOperation;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: unknown;
  scrubber?: SecretScrubber;
  allow?: number[];
  authenticate?: boolean;
}): Promise<ManagementAnswer> {
  const { config, operation } = options;
  const url = `${config.managementUrl}${options.path}`;
  let response: Response;
  let text: string;
  try {
    response = await options.fetchImpl(url, {
      method: options.method,
      headers: {
        ...(options.authenticate === false ? {} : { authorization: `Bearer ${config.token}` }),
        accept: 'application/json',
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: 'error',
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new ServiceUnavailableError(
        `Gravitee management API unavailable: ${operation} did not answer within ${config.timeoutMs} ms (maskinporten.gravitee.timeoutMs)`,
      );
    }
    const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
    const code = typeof cause === 'string' && cause.length <= 32 ? ` (${cause})` : '';
    throw new ServiceUnavailableError(
      `Gravitee management API unavailable: ${operation} could not reach ${config.managementUrl}${code}`,
    );
  }

  const status = response.status;
  if (response.ok || options.allow?.includes(status)) {
    return { status, body: parseJson(text) };
  }
  const detail = graviteeMessage(text, options.scrubber);
  if (status === 401 || status === 403) {
    throw new GraviteeCredentialsError(
      `Gravitee rejected the credentials (maskinporten.gravitee.token): ${operation} answered ${status}. Check that the token is valid and may manage APIs in environment ${config.environment}.`,
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

export function parseJson(text: string): unknown {
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Gravitee answers errors as `{"message": …}` (v1) or `{"message": …, "httpStatus": …}` (v2). */
function graviteeMessage(text: string, scrubber?: SecretScrubber): string {
  const body = parseJson(text) as { message?: unknown } | undefined;
  const message = typeof body?.message === 'string' ? body.message : text;
  return sanitizeGraviteeText(message, scrubber);
}
