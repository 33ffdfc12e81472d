import type { Response } from 'express';

/**
 * An error the simulator answers with an OAuth-style JSON body
 * `{"error": …, "error_description": …}`. When `mpCode` is set, the
 * description ends with it, the way Maskinporten reports its `MP-xxx` codes.
 */
export class SimulatorHttpError extends Error {
  readonly status: number;
  readonly error: string;
  readonly mpCode?: string;
  readonly detail: string;

  constructor(status: number, error: string, detail: string, mpCode?: string) {
    super(mpCode ? `${detail} (${mpCode})` : detail);
    this.name = 'SimulatorHttpError';
    this.status = status;
    this.error = error;
    this.detail = detail;
    this.mpCode = mpCode;
  }

  toJSON(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.message };
  }
}

/** A token-endpoint rejection (always HTTP 400, as Maskinporten does). */
export function mpError(
  error:
    | 'invalid_request'
    | 'invalid_grant'
    | 'unsupported_grant_type'
    | 'invalid_scope'
    | 'access_denied',
  mpCode: string | undefined,
  detail: string,
): SimulatorHttpError {
  return new SimulatorHttpError(400, error, detail, mpCode);
}

/** A self-service API input error (400 invalid_request), naming the field. */
export function inputError(detail: string): SimulatorHttpError {
  return new SimulatorHttpError(400, 'invalid_request', detail);
}

export function notFoundError(detail: string): SimulatorHttpError {
  return new SimulatorHttpError(404, 'not_found', detail);
}

/** The single place where error responses are written. */
export function sendError(res: Response, err: unknown): void {
  const httpError =
    err instanceof SimulatorHttpError
      ? err
      : new SimulatorHttpError(
          500,
          'server_error',
          `Simulator failure: ${err instanceof Error ? err.message : String(err)}`,
        );
  res.status(httpError.status);
  res.setHeader('Cache-Control', 'no-store');
  if (httpError.status === 401) {
    res.setHeader(
      'WWW-Authenticate',
      `Bearer error="${httpError.error}", error_description="${httpError.detail.replace(/"/g, "'")}"`,
    );
  } else if (httpError.status === 403) {
    res.setHeader(
      'WWW-Authenticate',
      `Bearer error="insufficient_scope", error_description="${httpError.detail.replace(/"/g, "'")}"`,
    );
  }
  res.json(httpError.toJSON());
}
