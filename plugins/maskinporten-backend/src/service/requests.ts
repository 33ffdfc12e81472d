import { InputError } from '@backstage/errors';
import { ZodError, ZodType, ZodTypeDef, z } from 'zod';

/**
 * Parses a JSON body with its contract schema (from -common). An absent body counts as `{}`.
 * Every violation becomes a 400 naming the field, e.g. `scopes: must be a non-empty array`.
 */
export function parseBody<T>(schema: ZodType<T, ZodTypeDef, unknown>, body: unknown): T {
  const value = body === undefined || body === null ? {} : body;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError('request body: must be a JSON object');
  }
  return parseWith(schema, value, 'request body');
}

/** Parses a query string object with its contract schema; each parameter given once. */
export function parseQuery<T>(schema: ZodType<T, ZodTypeDef, unknown>, query: unknown): T {
  const repeated = Object.entries((query ?? {}) as Record<string, unknown>).find(
    ([, value]) => Array.isArray(value),
  );
  if (repeated) {
    throw new InputError(`${repeated[0]}: give the parameter once, as a string`);
  }
  return parseWith(schema, query ?? {}, 'query');
}

function parseWith<T>(schema: ZodType<T, ZodTypeDef, unknown>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) {
    return result.data;
  }
  throw new InputError(describeIssues(result.error, schema, where));
}

function describeIssues(error: ZodError, schema: ZodType<any, any, any>, where: string): string {
  return error.issues
    .map(issue => {
      if (issue.code === 'unrecognized_keys') {
        const allowed = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
        return `${where}: unknown field ${issue.keys.map(k => `"${k}"`).join(', ')}${
          allowed.length ? `; allowed: ${allowed.join(', ')}` : '; send an empty object'
        }`;
      }
      const field = issue.path.length ? issue.path.join('.') : where;
      return `${field}: ${issue.message}`;
    })
    .join('; ');
}
