import Ajv, { ValidateFunction } from 'ajv';
import { POLICY_SCHEMAS, RESOURCE_SCHEMAS } from '../schemas';

/**
 * Ajv in strict mode, taught only the UI annotations Gravitee's schema-form files carry, so
 * a typo in one of our schemas still fails instead of being ignored.
 */
function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addKeyword('x-schema-form');
  ajv.addKeyword('gioConfig');
  ajv.addFormat('gio-code-editor', true);
  return ajv;
}

const ajv = createAjv();
const policyValidators = new Map<string, ValidateFunction>(
  Object.entries(POLICY_SCHEMAS).map(([policy, schema]) => [policy, ajv.compile(schema)]),
);
const resourceValidators = new Map<string, ValidateFunction>(
  Object.entries(RESOURCE_SCHEMAS).map(([type, schema]) => [type, ajv.compile(schema)]),
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
