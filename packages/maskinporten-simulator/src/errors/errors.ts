import type { Response } from 'express';

/**
 * An error the simulator answers with. The token endpoint writes it as Maskinporten's
 * OAuth body `{"error": …, "error_description": …}`, with the `MP-xxx` code at the end of
 * the description. The self-service API writes it in Digdir's own shape
 * (see `digdirErrorBody.ts`), where `field` becomes the `fieldIdentifier`.
 */
export class SimulatorHttpError extends Error {
  readonly status: number;
  readonly error: string;
  readonly mpCode?: string;
  readonly detail: string;
  /** The request field the error is about, e.g. `scopes` or `keys[0].use`. */
  readonly field?: string;

  constructor(
    status: number,
    error: string,
    detail: string,
    mpCode?: string,
    field?: string,
  ) {
    super(mpCode ? `${detail} (${mpCode})` : detail);
    this.name = 'SimulatorHttpError';
    this.status = status;
    this.error = error;
    this.detail = detail;
    this.mpCode = mpCode;
    this.field = field;
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

/** A self-service API input error (400), naming the field when there is one. */
export function inputError(detail: string, field?: string): SimulatorHttpError {
  return new SimulatorHttpError(400, 'invalid_request', detail, undefined, field);
}

export function notFoundError(detail: string): SimulatorHttpError {
  return new SimulatorHttpError(404, 'not_found', detail);
}

/** 409: e.g. posting a scope that exists, or one that was deactivated (Digdir never reactivates). */
export function conflictError(detail: string, field?: string): SimulatorHttpError {
  return new SimulatorHttpError(409, 'conflict', detail, undefined, field);
}

/** Any error as a SimulatorHttpError; an unexpected one becomes a 500. */
export function toHttpError(err: unknown): SimulatorHttpError {
  return err instanceof SimulatorHttpError
    ? err
    : new SimulatorHttpError(
        500,
        'server_error',
        `Simulator failure: ${err instanceof Error ? err.message : String(err)}`,
      );
}

/** Headers every error answer carries (no caching; a bearer challenge on 401/403). */
export function setErrorHeaders(res: Response, httpError: SimulatorHttpError): void {
  res.status(httpError.status);
  res.setHeader('Cache-Control', 'no-store');
  // Quotes would end the quoted-string early; the replacement is a plain scan, not a pattern.
  const description = httpError.detail.split('"').join("'");
  if (httpError.status === 401) {
    res.setHeader(
      'WWW-Authenticate',
      `Bearer error="${httpError.error}", error_description="${description}"`,
    );
  } else if (httpError.status === 403) {
    res.setHeader(
      'WWW-Authenticate',
      `Bearer error="insufficient_scope", error_description="${description}"`,
    );
  }
}

/** Writes an error in Maskinporten's OAuth shape (token endpoint, metadata, faults). */
export function sendError(res: Response, err: unknown): void {
  const httpError = toHttpError(err);
  setErrorHeaders(res, httpError);
  res.json(httpError.toJSON());
}
