import { SchedulerServiceTaskScheduleDefinition, readSchedulerServiceTaskScheduleDefinitionFromConfig } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/** One ownership rule: the first that matches a client decides its owner. */
export interface OwnershipRule {
  owner: string;
  /** An explicit table: these client ids belong to `owner`. */
  clientIds?: string[];
  /** Clients whose `client_name` starts with this (case-insensitive). */
  namePrefix?: string;
  /** Clients whose `description` contains this (case-insensitive). */
  descriptionContains?: string;
}

export interface ImportConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Owner of clients no rule matches; they are marked unclaimed. */
  triageOwner: string;
  /** Environments to import; default every environment with a self-service API. */
  environments?: string[];
  namespace: string;
  rules: OwnershipRule[];
}

const KEY = 'maskinporten.import';

/** Reads `maskinporten.import`; every error names the key. */
export function readImportConfig(config: Config): ImportConfig {
  const block = config.getOptionalConfig(KEY);
  const schedule = block?.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(block.getConfig('schedule'))
    : { frequency: { minutes: 30 }, timeout: { minutes: 10 }, initialDelay: { seconds: 15 } };
  const triageOwner = ownerRef(block?.getOptionalString('triageOwner') ?? 'group:default/maskinporten-triage', `${KEY}.triageOwner`);
  const rules = (block?.getOptionalConfigArray('ownership') ?? []).map((rule, i) => {
    const key = `${KEY}.ownership[${i}]`;
    const parsed: OwnershipRule = {
      owner: ownerRef(rule.getString('owner'), `${key}.owner`),
      clientIds: rule.getOptionalStringArray('clientIds'),
      namePrefix: rule.getOptionalString('namePrefix'),
      descriptionContains: rule.getOptionalString('descriptionContains'),
    };
    if (!parsed.clientIds && !parsed.namePrefix && !parsed.descriptionContains) {
      throw new InputError(`${key} needs clientIds, namePrefix or descriptionContains to match clients`);
    }
    return parsed;
  });
  return {
    schedule,
    triageOwner,
    environments: block?.getOptionalStringArray('environments'),
    namespace: block?.getOptionalString('namespace') ?? 'default',
    rules,
  };
}

function ownerRef(value: string, key: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(value, { defaultKind: 'group', defaultNamespace: 'default' }));
  } catch {
    throw new InputError(`${key} must be an entity ref such as group:default/team-a, got "${value}"`);
  }
}

/** The owner the rules give a client, or undefined when none matches (it is then unclaimed). */
export function ownerFor(
  client: { clientId: string; clientName: string; description: string },
  rules: OwnershipRule[],
): string | undefined {
  const name = client.clientName.toLocaleLowerCase('nb-NO');
  const description = client.description.toLocaleLowerCase('nb-NO');
  for (const rule of rules) {
    if (
      rule.clientIds?.includes(client.clientId) ||
      (rule.namePrefix && name.startsWith(rule.namePrefix.toLocaleLowerCase('nb-NO'))) ||
      (rule.descriptionContains && description.includes(rule.descriptionContains.toLocaleLowerCase('nb-NO')))
    ) {
      return rule.owner;
    }
  }
  return undefined;
}
