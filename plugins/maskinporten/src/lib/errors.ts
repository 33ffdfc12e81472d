import { ResponseError } from '@backstage/errors';

/** The server's own message when there is one; the generic "Request failed with 400" says nothing. */
export function errorMessage(error: unknown): string {
  if (ResponseError.is(error)) {
    return error.cause.message || error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
