import { CustomErrorBase } from '@backstage/errors';

/** Too many token tests for one integration; the router answers 429 with Retry-After. */
export class RateLimitedError extends CustomErrorBase {
  name = 'RateLimitedError';
  /** Read by Backstage's error middleware to pick the HTTP status. */
  readonly statusCode = 429;

  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}
