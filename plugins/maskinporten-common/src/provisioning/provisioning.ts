import {
  Entity,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_CLIENT_ID,
  ANNOTATION_ENVIRONMENT,
  ANNOTATION_SCOPES,
  MASKINPORTEN_CLIENT_RESOURCE_TYPE,
} from '../annotations/annotations';
import { parseMaskinportenIntegration } from '../annotations/parseIntegration';
import type { PublicJwk } from '../api/types';

/** Body of `POST /api/maskinporten/v1/provisioning/integrations`. @public */
export interface ProvisionIntegrationRequest {
  /** `resource:<namespace>/<name>` of the `maskinporten-client` Resource about to be written. */
  entityRef: string;
  /** Owner of that Resource (group or user ref). */
  owner: string;
  environment: string;
  scopes: string[];
  /** An existing client ("Integrasjons-ID"), when the client was made in Samarbeidsportalen. */
  clientId?: string;
  /** Create the client and upload the JWKS through Digdir's self-service API. */
  registerWithDigdir?: boolean;
  /** The same key always gets the same answer, so a retried request never makes a second key. */
  idempotencyKey: string;
  /** Validate only; nothing is created. */
  dryRun?: boolean;
}

/** Public material only: what to put in the catalog and what to paste into Samarbeidsportalen. @public */
export interface ProvisionIntegrationResponse {
  entityRef: string;
  environment: string;
  kid: string;
  /** The JWK array to upload (Samarbeidsportalen's format). Empty on a dry run. */
  jwks: PublicJwk[];
  clientId?: string;
  /** True when Digdir's self-service API holds the key set. */
  registeredWithDigdir: boolean;
  dryRun: boolean;
}

/** A field of a provisioning request and what is wrong with it. @public */
export interface ProvisioningProblem {
  field: string;
  message: string;
}

/** @public */
export interface MaskinportenClientEntityInput {
  name: string;
  namespace?: string;
  owner: string;
  /** The component (or other entity) the integration belongs to: `spec.dependencyOf`. */
  component?: string;
  environment: string;
  scopes: string[];
  clientId?: string;
  title?: string;
  description?: string;
}

const validator = makeValidator();

/** Normalises an owner to a full ref; bare names are groups, as in `spec.owner`. @public */
export function normalizeOwnerRef(owner: string): string {
  return stringifyEntityRef(
    parseEntityRef(owner.trim(), { defaultKind: 'group', defaultNamespace: 'default' }),
  );
}

/** Normalises the related entity to a full ref; bare names are components. @public */
export function normalizeComponentRef(component: string): string {
  return stringifyEntityRef(
    parseEntityRef(component.trim(), { defaultKind: 'component', defaultNamespace: 'default' }),
  );
}

/**
 * The `maskinporten-client` Resource that declares one integration, as the card and the
 * listing read it. Built from already validated input.
 *
 * @public
 */
export function buildMaskinportenClientEntity(input: MaskinportenClientEntityInput): Entity {
  const annotations: Record<string, string> = {
    [ANNOTATION_ENVIRONMENT]: input.environment,
    [ANNOTATION_SCOPES]: input.scopes.join(' '),
  };
  if (input.clientId) {
    annotations[ANNOTATION_CLIENT_ID] = input.clientId;
  }
  const spec: NonNullable<Entity['spec']> = {
    type: MASKINPORTEN_CLIENT_RESOURCE_TYPE,
    owner: normalizeOwnerRef(input.owner),
  };
  if (input.component) {
    spec.dependencyOf = [normalizeComponentRef(input.component)];
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: input.name,
      namespace: input.namespace ?? 'default',
      ...(input.title ? { title: input.title } : {}),
      ...(input.description ? { description: input.description } : {}),
      annotations,
    },
    spec,
  };
}

const FIELD_BY_ANNOTATION: Record<string, string> = {
  [ANNOTATION_ENVIRONMENT]: 'environment',
  [ANNOTATION_SCOPES]: 'scopes',
  [ANNOTATION_CLIENT_ID]: 'clientId',
};

/**
 * Every problem with the fields of a new integration, each naming its field. Scopes,
 * environment and client id are checked by the same parser the card uses, so anything that
 * passes here yields an entity the card accepts. `environments` is omitted where they are
 * not known (the scaffolder action); the backend always passes them.
 *
 * @public
 */
export function validateIntegrationFields(
  input: {
    name: unknown;
    namespace?: unknown;
    owner: unknown;
    component?: unknown;
    environment: unknown;
    scopes: unknown;
    clientId?: unknown;
  },
  options: { environments?: string[] } = {},
): ProvisioningProblem[] {
  const problems: ProvisioningProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });

  if (typeof input.name !== 'string' || !validator.isValidEntityName(input.name)) {
    add(
      'name',
      'must be a valid catalog name: 1-63 characters, letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
    );
  }
  if (
    input.namespace !== undefined &&
    (typeof input.namespace !== 'string' || !validator.isValidNamespace(input.namespace))
  ) {
    add('namespace', 'must be a valid catalog namespace, e.g. "default"');
  }
  if (!isRef(input.owner, 'group', ['group', 'user'])) {
    add('owner', 'must be a group or user ref, e.g. "group:default/team-lonn"');
  }
  if (input.component !== undefined && !isRef(input.component, 'component')) {
    add('component', 'must be an entity ref, e.g. "component:default/lonn-service"');
  }
  if (typeof input.environment !== 'string' || input.environment.trim() === '') {
    add('environment', 'must name a Maskinporten environment, e.g. "test"');
  }
  const scopesAreStrings =
    Array.isArray(input.scopes) &&
    input.scopes.length > 0 &&
    input.scopes.every(scope => typeof scope === 'string' && scope.trim() !== '');
  if (!scopesAreStrings) {
    add('scopes', 'must be a non-empty list of scopes written prefix:name, e.g. ["dfo:ansatte"]');
  } else if ((input.scopes as string[]).some(scope => /[\s,]/.test(scope.trim()))) {
    add('scopes', 'give one scope per list item (prefix:name), without spaces or commas');
  }
  if (
    input.clientId !== undefined &&
    (typeof input.clientId !== 'string' || input.clientId.trim() === '')
  ) {
    add('clientId', 'must be the client id from Samarbeidsportalen, or left out');
  }
  if (problems.some(p => ['environment', 'scopes', 'clientId'].includes(p.field))) {
    return problems;
  }

  const environment = (input.environment as string).trim();
  const probe = buildMaskinportenClientEntity({
    name: 'probe',
    owner: 'group:default/probe',
    environment,
    scopes: (input.scopes as string[]).map(scope => scope.trim()),
    clientId: (input.clientId as string | undefined)?.trim(),
  });
  const parsed = parseMaskinportenIntegration(probe, {
    environments: options.environments ?? [environment],
  });
  if (parsed.kind === 'invalid') {
    for (const problem of parsed.problems) {
      add(FIELD_BY_ANNOTATION[problem.annotation] ?? problem.annotation, `${problem.message} ${problem.fix}`);
    }
  }
  return problems;
}

function isRef(value: unknown, defaultKind: string, kinds?: string[]): boolean {
  if (typeof value !== 'string' || value.trim() === '') {
    return false;
  }
  try {
    const ref = parseEntityRef(value.trim(), { defaultKind, defaultNamespace: 'default' });
    return (
      validator.isValidEntityName(ref.name) &&
      validator.isValidNamespace(ref.namespace) &&
      (!kinds || kinds.includes(ref.kind.toLocaleLowerCase('en-US')))
    );
  } catch {
    return false;
  }
}
