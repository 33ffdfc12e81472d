import { CustomErrorBase } from '@backstage/errors';

export const EXPECTED_DEFINITION =
  'a Gravitee API definition: a v2 definition with "gravitee": "2.0.0" (as exported by the console), ' +
  'a v4 definition with "definitionVersion": "V4", or a v4 import payload {"api": {"definitionVersion": "V4", …}, "plans": […]}';

/**
 * The input to the linter is not something it can lint: not an object, not a Gravitee API
 * definition, or a definition version we do not support.
 *
 * It carries `statusCode` 400 so Backstage's error handler answers 400 without the router
 * having to translate it; `expected` says what the linter accepts, for the UI and the CLI.
 */
export class GraviteeDefinitionError extends CustomErrorBase {
  name = 'GraviteeDefinitionError' as const;
  readonly statusCode = 400;
  readonly expected: string;

  constructor(message: string, expected: string = EXPECTED_DEFINITION) {
    super(`${message}. Expected ${expected}`);
    this.expected = expected;
  }
}
