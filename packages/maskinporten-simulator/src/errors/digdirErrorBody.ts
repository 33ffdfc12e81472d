import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import type { SimulatorClock } from '../clock';
import { setErrorHeaders, SimulatorHttpError, toHttpError } from './errors';

/** One entry of `errors[]` in a self-service API error body. */
export interface DigdirFieldError {
  errorMessage: string;
  isFieldError: boolean;
  objectName: string;
  fieldIdentifier?: string;
}

/**
 * The body Digdir's self-service API answers errors with. The shape is the one real
 * clients parse: Oslo kommune's okdata-maskinporten-api reads `errors[].errorMessage`
 * (resources/errors.py, `DigdirClientErrorResponse`) and its test fixture of a real answer
 * (test/maskinporten_api/conftest.py, `client_error_response`, 2025-07-02) is
 * `{status, timestamp, correlation_id, errors: [{errorMessage, isFieldError, objectName,
 * fieldIdentifier}], error, error_description}`, where `error` and `error_description`
 * repeat the messages joined as ", m1, m2".
 */
export interface DigdirErrorBody {
  status: number;
  timestamp: string;
  correlation_id: string;
  errors: DigdirFieldError[];
  error: string;
  error_description: string;
}

/**
 * What kind of object the failing request was about, as Digdir's `objectName`.
 * The observed answer says `Client` for a client; the other names are the simulator's.
 */
export type DigdirObjectName = 'Client' | 'Jwks' | 'Scope' | 'ScopeAccess' | 'Request';

export function digdirErrorBody(
  httpError: SimulatorHttpError,
  objectName: DigdirObjectName,
  now: Date,
): DigdirErrorBody {
  const errors: DigdirFieldError[] = [
    {
      errorMessage: httpError.detail,
      isFieldError: httpError.field !== undefined,
      objectName,
      ...(httpError.field !== undefined && { fieldIdentifier: httpError.field }),
    },
  ];
  // 401 and 403 come from the OAuth layer in front of the API: keep their OAuth codes, which
  // bearer-token clients look for. Other errors repeat the messages as Digdir does.
  const joined = errors.map(e => `, ${e.errorMessage}`).join('');
  const oauth = httpError.status === 401 || httpError.status === 403;
  return {
    status: httpError.status,
    timestamp: now.toISOString(),
    correlation_id: randomBytes(16).toString('hex'),
    errors,
    error: oauth ? httpError.error : joined,
    error_description: oauth ? httpError.detail : joined,
  };
}

/** Writes an error from the self-service API in Digdir's shape. */
export function sendSelfServiceError(
  res: Response,
  err: unknown,
  options: { clock: SimulatorClock; objectName?: DigdirObjectName },
): void {
  const httpError = toHttpError(err);
  setErrorHeaders(res, httpError);
  res.json(digdirErrorBody(httpError, options.objectName ?? 'Request', options.clock.now()));
}
