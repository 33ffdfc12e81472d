import { LoggerService, SchedulerServiceTaskRunner } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseEntityRef,
} from '@backstage/catalog-model';
import { EntityProvider, EntityProviderConnection } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_CLIENT_ID,
  ANNOTATION_ENVIRONMENT,
  ANNOTATION_IMPORTED_FROM,
  ANNOTATION_KEY_ID,
  ANNOTATION_SCOPES,
  ANNOTATION_UNCLAIMED,
  MASKINPORTEN_CLIENT_RESOURCE_TYPE,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { DigdirClientRecord, DigdirSelfService, RegisteredJwk } from '../digdir/types';
import { BACKSTAGE_DESCRIPTION_PREFIX } from '../provisioning/clientDescription';
import { ImportConfig, ownerFor } from './readImportConfig';

export const DIGDIR_IMPORT_PROVIDER_NAME = 'maskinporten-digdir-import';

/** Digdir is asked for this many clients' keys at a time. */
const KEY_READS_IN_PARALLEL = 4;

export interface DigdirClientProviderOptions {
  digdir: Pick<DigdirSelfService, 'isConfigured' | 'listClients' | 'getJwks'>;
  config: ImportConfig;
  /** The configured Maskinporten environments, in config order. */
  environments: string[];
  logger: LoggerService;
  /** Runs `run()` on the import schedule, on one replica at a time. */
  taskRunner?: SchedulerServiceTaskRunner;
}

/**
 * Provides a `maskinporten-client` Resource for each active client of the organisation that
 * exists in Samarbeidsportalen but was not created through this Backstage, in every
 * environment with a self-service API. Each run replaces the provider's whole set (a full
 * mutation), so a deleted or deactivated client's entity goes away; a run that cannot read
 * every environment changes nothing, so an outage at Digdir never empties the catalog.
 */
export class DigdirClientProvider implements EntityProvider {
  readonly #options: DigdirClientProviderOptions;
  #connection?: EntityProviderConnection;

  constructor(options: DigdirClientProviderOptions) {
    this.#options = options;
  }

  getProviderName(): string {
    return DIGDIR_IMPORT_PROVIDER_NAME;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    await this.#options.taskRunner?.run({
      id: `${DIGDIR_IMPORT_PROVIDER_NAME}:refresh`,
      fn: async () => {
        try {
          await this.run();
        } catch (error) {
          this.#options.logger.error(`Import from Digdir failed; the catalog keeps the last import: ${(error as Error).message}`);
        }
      },
    });
  }

  /** The environments imported: those configured with a self-service API (or the configured subset). */
  environments(): string[] {
    const { config, environments, digdir } = this.#options;
    return (config.environments ?? environments).filter(environment => digdir.isConfigured(environment));
  }

  /** One import: reads every environment, then replaces the provider's entities at once. */
  async run(): Promise<{ entities: Entity[] }> {
    if (!this.#connection) {
      throw new Error(`${DIGDIR_IMPORT_PROVIDER_NAME} is not connected to the catalog yet`);
    }
    const entities: Entity[] = [];
    for (const environment of this.environments()) {
      const clients = (await this.#options.digdir.listClients(environment)).filter(
        // Clients this Backstage created have their entity already (the scaffolder wrote it).
        client => client.active && !client.description.startsWith(BACKSTAGE_DESCRIPTION_PREFIX),
      );
      const keys = await mapInBatches(clients, KEY_READS_IN_PARALLEL, client =>
        this.#options.digdir.getJwks(environment, client.clientId),
      );
      clients.forEach((client, i) => entities.push(this.toEntity(environment, client, keys[i])));
    }
    await this.#connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({ entity, locationKey: DIGDIR_IMPORT_PROVIDER_NAME })),
    });
    this.#options.logger.info(
      `Imported ${entities.length} Maskinporten client(s) from Digdir (${this.environments().join(', ') || 'no environment with a self-service API'})`,
    );
    return { entities };
  }

  toEntity(environment: string, client: DigdirClientRecord, keys: RegisteredJwk[]): Entity {
    const { config } = this.#options;
    const ruleOwner = ownerFor(client, config.rules);
    const owner = ruleOwner ?? config.triageOwner;
    const location = `${DIGDIR_IMPORT_PROVIDER_NAME}:${environment}/${client.clientId}`;
    const newestKid = [...keys].sort((a, b) => (b.exp ?? 0) - (a.exp ?? 0))[0]?.kid;
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: entityNameFor(client, environment),
        namespace: config.namespace,
        title: client.clientName || client.clientId,
        ...(client.description && { description: client.description }),
        annotations: {
          [ANNOTATION_LOCATION]: location,
          [ANNOTATION_ORIGIN_LOCATION]: location,
          [ANNOTATION_CLIENT_ID]: client.clientId,
          [ANNOTATION_ENVIRONMENT]: environment,
          [ANNOTATION_SCOPES]: client.scopes.join(' '),
          ...(newestKid && { [ANNOTATION_KEY_ID]: newestKid }),
          [ANNOTATION_IMPORTED_FROM]: 'digdir',
          [ANNOTATION_UNCLAIMED]: ruleOwner ? 'false' : 'true',
        },
        tags: ['maskinporten', ...(ruleOwner ? [] : ['unclaimed'])],
      },
      spec: {
        type: MASKINPORTEN_CLIENT_RESOURCE_TYPE,
        owner: shortOwner(owner, config.namespace),
      },
    };
  }
}

/**
 * A stable, valid entity name: the client's name as a slug, the environment, and the start
 * of the client id, since client names are not unique and may change while the id does not.
 */
export function entityNameFor(client: Pick<DigdirClientRecord, 'clientId' | 'clientName'>, environment: string): string {
  const slug = (value: string) =>
    value
      .normalize('NFKD')
      .replace(/æ/gi, 'ae')
      .replace(/ø/gi, 'o')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase();
  const id = client.clientId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8).toLowerCase();
  const suffix = `-${slug(environment).slice(0, 12)}-${id}`;
  const name = slug(client.clientName).slice(0, 63 - suffix.length).replace(/-+$/, '');
  return `${name || 'client'}${suffix}`;
}

/** `group:default/team-a` as the catalog writes owners: `team-a` in the same namespace. */
function shortOwner(owner: string, namespace: string): string {
  const ref = parseEntityRef(owner);
  if (ref.kind.toLocaleLowerCase('en-US') === 'group' && ref.namespace === namespace) {
    return ref.name;
  }
  return owner;
}

async function mapInBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    results.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  }
  return results;
}
