import { AuditorService, AuditorServiceCreateEventOptions, BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { describePrincipal, entityRefFromParams } from '../access/entityAccess';

type AuditMeta = NonNullable<AuditorServiceCreateEventOptions['meta']>;

/** How actions ask for an entity; in every description, so a model writes it right. */
export const ENTITY_REF_HINT =
  'write the entity ref as kind:namespace/name, e.g. resource:default/lonn-dfo-test (list-integrations returns them)';

/**
 * An entity ref from a model: `kind:namespace/name`, or `kind:name` in the default
 * namespace. Each segment must be what the catalog allows (as for the HTTP routes).
 */
export function entityRefInput(value: string, field = 'entityRef'): string {
  let parsed: { kind: string; namespace: string; name: string };
  try {
    parsed = parseEntityRef(value.trim(), { defaultNamespace: 'default' });
  } catch {
    throw new InputError(`${field}: "${value.slice(0, 200)}" is not an entity ref; ${ENTITY_REF_HINT}`);
  }
  try {
    return entityRefFromParams(parsed);
  } catch (error) {
    throw new InputError(`${field}: ${(error as Error).message}`);
  }
}

/**
 * Runs a state change as one auditor event, with the same event ids as the HTTP routes.
 * An action has no request for the auditor to read the caller from (it would record this
 * plugin), so the caller, and the plugin acting for them, go into `meta`.
 */
export async function auditedAction<T>(
  auditor: AuditorService,
  credentials: BackstageCredentials,
  event: { eventId: string; severityLevel: AuditorServiceCreateEventOptions['severityLevel']; meta?: AuditMeta },
  fn: () => Promise<T>,
  describe: (result: T) => AuditMeta = () => ({}),
): Promise<T> {
  const actor = (credentials.principal as { actor?: { subject: string } }).actor?.subject;
  const handle = await auditor.createEvent({
    ...event,
    meta: {
      ...event.meta,
      caller: describePrincipal(credentials),
      ...(actor && { onBehalfOfVia: actor }),
      via: 'actions-registry',
    },
  });
  try {
    const result = await fn();
    await handle.success({ meta: describe(result) });
    return result;
  } catch (error) {
    await handle.fail({ error: error as Error });
    throw error;
  }
}
