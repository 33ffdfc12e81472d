import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ProvisionIntegrationRequest,
  normalizeOwnerRef,
  validateIntegrationFields,
} from '@maskinporten-backstage/plugin-maskinporten-common';

/** A provisioning request whose every field has been checked. */
export interface ValidatedProvisioningRequest extends ProvisionIntegrationRequest {
  name: string;
  namespace: string;
  registerWithDigdir: boolean;
  dryRun: boolean;
}

const FIELDS = [
  'entityRef',
  'owner',
  'environment',
  'scopes',
  'clientId',
  'registerWithDigdir',
  'idempotencyKey',
  'dryRun',
];
const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:/-]{8,255}$/;

/** Checks a provisioning request body; the InputError names every wrong field. Touches nothing. */
export function validateProvisioningRequest(
  body: unknown,
  options: { environments: string[]; selfServiceConfigured: (environment: string) => boolean },
): ValidatedProvisioningRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError('request body: must be a JSON object');
  }
  const input = body as Record<string, unknown>;
  const problems: string[] = [];
  const unknown = Object.keys(input).filter(field => !FIELDS.includes(field));
  if (unknown.length > 0) {
    problems.push(
      `request body: unknown field ${unknown.map(f => `"${f}"`).join(', ')}; allowed: ${FIELDS.join(', ')}`,
    );
  }

  let name: unknown;
  let namespace: unknown;
  if (typeof input.entityRef !== 'string') {
    problems.push('entityRef: must be "resource:<namespace>/<name>" of the entity to create');
  } else {
    try {
      const ref = parseEntityRef(input.entityRef);
      if (ref.kind.toLocaleLowerCase('en-US') !== 'resource') {
        problems.push(
          `entityRef: an integration is created as a maskinporten-client Resource ("resource:<namespace>/<name>"), got kind "${ref.kind}"`,
        );
      }
      name = ref.name;
      namespace = ref.namespace;
    } catch (error) {
      problems.push(`entityRef: ${(error as Error).message}`);
    }
  }
  problems.push(
    ...validateIntegrationFields(
      {
        name: name ?? 'placeholder',
        namespace,
        owner: input.owner,
        environment: input.environment,
        scopes: input.scopes,
        clientId: input.clientId,
      },
      { environments: options.environments },
    ).map(p => `${p.field === 'name' || p.field === 'namespace' ? 'entityRef' : p.field}: ${p.message}`),
  );

  for (const flag of ['registerWithDigdir', 'dryRun'] as const) {
    if (input[flag] !== undefined && typeof input[flag] !== 'boolean') {
      problems.push(`${flag}: must be true or false`);
    }
  }
  if (input.registerWithDigdir === true) {
    if (input.clientId !== undefined) {
      // Uploading a key set replaces the client's keys: only a client we create is ours to touch.
      problems.push(
        'registerWithDigdir: creates a new client, so it cannot be combined with clientId; register the key with an existing client in Samarbeidsportalen instead',
      );
    } else if (
      typeof input.environment === 'string' &&
      !options.selfServiceConfigured(input.environment)
    ) {
      problems.push(
        `registerWithDigdir: Digdir's self-service API is not configured for environment "${input.environment}" (maskinporten.environments.${input.environment}.selfService)`,
      );
    }
  }
  if (
    typeof input.idempotencyKey !== 'string' ||
    !IDEMPOTENCY_KEY_PATTERN.test(input.idempotencyKey)
  ) {
    problems.push(
      'idempotencyKey: must be 8-255 characters of letters, digits and ._:/- (e.g. the scaffolder task id)',
    );
  }
  if (problems.length > 0) {
    throw new InputError(problems.join('; '));
  }

  const ref = parseEntityRef(input.entityRef as string);
  return {
    entityRef: stringifyEntityRef(ref),
    name: ref.name,
    namespace: ref.namespace,
    owner: normalizeOwnerRef(input.owner as string),
    environment: (input.environment as string).trim(),
    scopes: (input.scopes as string[]).map(scope => scope.trim()),
    clientId: (input.clientId as string | undefined)?.trim(),
    registerWithDigdir: input.registerWithDigdir === true,
    idempotencyKey: input.idempotencyKey as string,
    dryRun: input.dryRun === true,
  };
}
