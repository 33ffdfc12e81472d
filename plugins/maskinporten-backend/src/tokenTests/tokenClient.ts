import { extractMaskinportenErrorCode } from '@maskinporten-backstage/plugin-maskinporten-common';

export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** What came back from one token request, with the access token already dropped. */
export type TokenRequestResult =
  | {
      kind: 'success';
      status: number;
      scopes: string[];
      expiresIn?: number;
    }
  | {
      kind: 'rejected';
      status: number;
      error: string;
      errorDescription?: string;
      code?: string;
    }
  | { kind: 'upstream-error'; status: number; detail: string }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'unreachable'; detail: string };

/**
 * Posts a signed grant to a token endpoint taken from config, bounded by `timeoutMs`.
 * The access token itself is never returned: a token test only needs to know that one was issued.
 * A caller that does use the token (the self-service client) gets it through `onAccessToken`.
 */
export async function requestToken(options: {
  tokenEndpoint: string;
  assertion: string;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
  onAccessToken?: (accessToken: string) => void;
}): Promise<TokenRequestResult> {
  const { tokenEndpoint, assertion, timeoutMs } = options;
  const fetchImpl = options.fetchImpl ?? fetch;
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(tokenEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams({
        grant_type: JWT_BEARER_GRANT_TYPE,
        assertion,
      }).toString(),
      redirect: 'error',
      signal,
    });
    // The body read shares the same deadline as the request itself.
    text = await response.text();
  } catch (error) {
    if (signal.aborted) {
      return { kind: 'timeout', timeoutMs };
    }
    return { kind: 'unreachable', detail: describeNetworkError(error) };
  }

  const body = parseJson(text);
  if (response.ok) {
    if (typeof body?.access_token !== 'string') {
      return {
        kind: 'upstream-error',
        status: response.status,
        detail: 'The token endpoint answered 2xx without an access_token',
      };
    }
    options.onAccessToken?.(body.access_token);
    return {
      kind: 'success',
      status: response.status,
      scopes: typeof body.scope === 'string' ? body.scope.split(' ').filter(Boolean) : [],
      expiresIn: typeof body.expires_in === 'number' ? body.expires_in : undefined,
    };
  }
  if (response.status >= 400 && response.status < 500 && typeof body?.error === 'string') {
    const errorDescription =
      typeof body.error_description === 'string' ? body.error_description : undefined;
    return {
      kind: 'rejected',
      status: response.status,
      error: body.error,
      errorDescription,
      code: extractMaskinportenErrorCode(errorDescription),
    };
  }
  return {
    kind: 'upstream-error',
    status: response.status,
    detail: `The token endpoint answered HTTP ${response.status}${
      body?.error ? ` (${String(body.error)})` : ''
    }`,
  };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? 'network error';
}
