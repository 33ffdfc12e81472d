import Ajv, { ValidateFunction } from 'ajv';
import { POLICY_SCHEMAS, RESOURCE_SCHEMAS } from '../schemas';

/**
 * Ajv in strict mode, taught only the UI annotations Gravitee's schema-form files carry, so a
 * keyword it does not know still fails instead of being ignored.
 */
function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true });
  // UI annotations in Gravitee's schema-form files (console form hints, no validation meaning).
  for (const keyword of ['x-schema-form', 'gioConfig', 'validationMessage', 'titleMap', 'enumLabelMap']) {
    ajv.addKeyword(keyword);
  }
  ajv.addFormat('gio-code-editor', true);
  return ajv;
}

/**
 * Gravitee's schema with every object that lists its properties closed to others. Gravitee's
 * mapper ignores unknown fields, so a misspelt field would fail silently at runtime; our own
 * output may only use fields Gravitee's schema names. The copies themselves stay pristine.
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] = key === 'x-schema-form' || key === 'gioConfig' ? value : closed(value);
  }
  if (copy.properties && typeof copy.properties === 'object' && copy.additionalProperties === undefined) {
    copy.additionalProperties = false;
  }
  return copy;
}

const ajv = createAjv();
const policyValidators = new Map<string, ValidateFunction>(
  Object.entries(POLICY_SCHEMAS).map(([policy, schema]) => [policy, ajv.compile(closed(schema) as object)]),
);
const resourceValidators = new Map<string, ValidateFunction>(
  Object.entries(RESOURCE_SCHEMAS).map(([type, schema]) => [type, ajv.compile(closed(schema) as object)]),
);

export interface SchemaCheck {
  valid: boolean;
  errors: string[];
}

function run(validators: Map<string, ValidateFunction>, id: string, configuration: unknown): SchemaCheck {
  const validate = validators.get(id);
  if (!validate) {
    return { valid: false, errors: [`no schema for ${id}`] };
  }
  const valid = validate(configuration) as boolean;
  return { valid, errors: (validate.errors ?? []).map(e => `${e.instancePath || '/'} ${e.message}`) };
}

export const validatePolicyConfiguration = (policy: string, configuration: unknown) =>
  run(policyValidators, policy, configuration);

export const validateResourceConfiguration = (type: string, configuration: unknown) =>
  run(resourceValidators, type, configuration);
