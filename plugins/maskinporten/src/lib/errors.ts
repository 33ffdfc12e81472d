import { ResponseError } from '@backstage/errors';

/** The server's own message when there is one; the generic "Request failed with 400" says nothing. */
export function errorMessage(error: unknown): string {
  if (ResponseError.is(error)) {
    return error.cause.message || error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The backend's messages name entities by ref ("resource:default/lonn-test has no client
 * id yet"); where the integration's title is known, people read the title instead.
 */
export function withTitle(message: string, entityRef: string, title?: string): string {
  if (!title) return message;
  return message.split(entityRef).join(title);
}
