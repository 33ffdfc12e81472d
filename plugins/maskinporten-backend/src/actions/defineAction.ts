import { BackstageCredentials, LoggerService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CallerPolicy, Capability } from '../access/callerPolicy';
import { GraviteeDefinitionError } from '../gravitee/errors';
import { databaseErrorKind } from '../service/errorMapping';

type RegisterOptions = Parameters<ActionsRegistryService['register']>[0];
/** The zod (v3 API) instance the actions registry hands to schema functions. */
export type Zod = Parameters<RegisterOptions['schema']['input']>[0];
/** A zod object schema of that instance. */
export type ZodObjectSchema = ReturnType<RegisterOptions['schema']['input']>;

/** One action, as the files in this folder declare it. */
export interface MaskinportenActionSpec<TIn extends ZodObjectSchema, TOut extends ZodObjectSchema> {
  /** Kebab-case; the registry makes it `maskinporten:<name>` and MCP `maskinporten.<name>`. */
  name: string;
  title: string;
  /** Written for a model: what it does, when to use it, what it returns, what it never does. */
  description: string;
  attributes: { readOnly: boolean; destructive: boolean; idempotent: boolean };
  /** The caller policy's capability, exactly as the equivalent HTTP route names it. */
  capability: Capability;
  input: (z: Zod) => TIn;
  output: (z: Zod) => TOut;
  /**
   * Appended to the message when a field fails the input schema, e.g. how to find a valid
   * entity ref; keyed by top-level field.
   */
  hints?: Record<string, string>;
  action: (input: TIn['_output'], credentials: BackstageCredentials) => Promise<TOut['_output']>;
}

/** Where a parse failure is carried from the input schema into the action. */
const INVALID_INPUT = Symbol.for('maskinporten.actions.invalidInput');

interface ZodIssueLike {
  code: string;
  path: Array<string | number>;
  message: string;
  keys?: string[];
}

/**
 * Registers one action. Every action:
 * - checks the caller against the same `CallerPolicy` as the HTTP routes, with the route's
 *   capability, before anything else (services get only what `serviceCallers` lists);
 * - answers bad input with an `InputError` naming the field (the registry's own check would
 *   only say "Invalid input to action"), so the input schema is wrapped to hand its
 *   failures to the action instead of failing before it;
 * - turns the plugin's own errors into the Backstage errors MCP clients are shown, and
 *   never passes a database message (it may carry SQL) through.
 */
export function registerMaskinportenAction<TIn extends ZodObjectSchema, TOut extends ZodObjectSchema>(
  registry: ActionsRegistryService,
  deps: { policy: CallerPolicy; logger: LoggerService },
  spec: MaskinportenActionSpec<TIn, TOut>,
): void {
  const id = `maskinporten:${spec.name}`;
  registry.register({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    attributes: spec.attributes,
    schema: {
      // The JSON schema MCP clients see is the inner object's (zod-to-json-schema reads
      // through `catch`), so it keeps its types, descriptions and required fields.
      input: z => reportingFailures(spec.input(z)),
      output: spec.output,
    },
    action: async ({ input, credentials }) => {
      try {
        deps.policy.assert(credentials, spec.capability);
        const failed = (input as Record<symbol, InvalidInput | undefined>)[INVALID_INPUT];
        if (failed) {
          throw new InputError(describeIssues(failed, spec.hints ?? {}));
        }
        const output = await spec.action(input, credentials);
        return { output } as any;
      } catch (error) {
        throw toActionError(error, id, deps.logger);
      }
    },
  });
}

interface InvalidInput {
  issues: ZodIssueLike[];
  input: unknown;
}

function reportingFailures<T extends ZodObjectSchema>(schema: T): T {
  return (schema as any).catch((ctx: { error: { issues: ZodIssueLike[] }; input: unknown }): object => ({
    [INVALID_INPUT]: { issues: ctx.error.issues, input: ctx.input } satisfies InvalidInput,
  })) as T;
}

function describeIssues({ issues, input }: InvalidInput, hints: Record<string, string>): string {
  return issues
    .map(issue => {
      if (issue.code === 'unrecognized_keys') {
        return `input: unknown field ${(issue.keys ?? []).map(k => `"${k}"`).join(', ')}`;
      }
      const field = issue.path.length ? issue.path.join('.') : 'input';
      const missing = issue.path.length > 0 && valueAt(input, issue.path) === undefined;
      const message = missing ? 'required' : issue.message;
      const hint = hints[String(issue.path[0])];
      return `${field}: ${message}${hint ? `; ${hint}` : ''}`;
    })
    .join('; ');
}

function valueAt(value: unknown, path: Array<string | number>): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** Errors MCP clients are shown with their message (plugin-mcp-actions-backend's handleErrors). */
const SHOWN = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotModifiedError',
  'NotImplementedError',
  'ServiceUnavailableError',
]);

/**
 * The action's error as a Backstage error an MCP client can show. The plugin's own errors
 * (rate limit, Digdir, Gravitee) carry an HTTP status; the client would otherwise get an
 * opaque protocol error instead of their message.
 */
export function toActionError(error: unknown, actionId: string, logger: LoggerService): Error {
  const e = error as { name?: string; message?: string; statusCode?: number };
  if (error instanceof GraviteeDefinitionError) {
    return new InputError(`definition: ${error.message}`);
  }
  if (e && SHOWN.has(e.name ?? '')) {
    return error as Error;
  }
  const kind = databaseErrorKind(error);
  if (kind) {
    logger.error(`Action ${actionId}: database error (${(error as any).code ?? e.name})`, error as Error);
    return kind === 'busy'
      ? new ServiceUnavailableError('The database is busy; try again shortly')
      : new Error('Internal database error; the backend log has the details');
  }
  const message = e?.message ?? String(error);
  switch (e?.statusCode) {
    case 400:
      return new InputError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    // 502: Digdir or Gravitee refused the request; retrying as is will not help.
    case 409:
    case 502:
      return new ConflictError(message);
    case 429:
    case 503:
    case 504:
      return new ServiceUnavailableError(message);
    default:
      logger.error(`Action ${actionId} failed`, error as Error);
      return new Error(`maskinporten action ${actionId} failed; the backend log has the details`);
  }
}

/** Prefixes a not-found answer with the field that named the missing thing. */
export async function naming<T>(field: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if ((error as Error)?.name === 'NotFoundError') {
      throw new NotFoundError(`${field}: ${(error as Error).message}`);
    }
    throw error;
  }
}
