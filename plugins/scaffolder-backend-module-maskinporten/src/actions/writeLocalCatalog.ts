import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  AuthService,
  PermissionsService,
  RootConfigService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { Entity, makeValidator, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { catalogEntityCreatePermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService, locationSpecToLocationEntity } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { MASKINPORTEN_CLIENT_RESOURCE_TYPE } from '@maskinporten-backstage/plugin-maskinporten-common';
import YAML from 'yaml';

/** @public */
export const WRITE_LOCAL_ACTION_ID = 'maskinporten:catalog:write-local';
/** @public */
export const LOCAL_CATALOG_DIRECTORY_KEY = 'maskinporten.scaffolder.localCatalogDirectory';

const DEFAULT_WAIT_SECONDS = 30;
const MAX_WAIT_SECONDS = 300;
const validator = makeValidator();

/**
 * `maskinporten:catalog:write-local`: for portals without a Git host (the example portal).
 * Writes one `maskinporten-client` Resource into the configured directory, which a `file`
 * location in `catalog.locations` covers, asks the catalog to re-read that location and
 * waits until the entity is there. It writes nothing else and nowhere else.
 *
 * @public
 */
export function createWriteLocalCatalogAction(options: {
  config: RootConfigService;
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  /** Poll interval while waiting for the catalog; tests shorten it. */
  pollMs?: number;
}) {
  const { catalog, auth, permissions } = options;
  const configured = options.config.getOptionalString(LOCAL_CATALOG_DIRECTORY_KEY);
  // Relative like the catalog's own file locations: against the backend's working directory.
  const directory = configured ? path.resolve(configured) : undefined;
  const pollMs = options.pollMs ?? 1000;
  const locations = directory ? coveringLocations(options.config, directory) : [];

  return createTemplateAction({
    id: WRITE_LOCAL_ACTION_ID,
    description: `Writes a maskinporten-client Resource into the directory ${LOCAL_CATALOG_DIRECTORY_KEY} (covered by a file location in catalog.locations) and has the catalog read it. For portals without a Git host.`,
    supportsDryRun: true,
    schema: {
      input: {
        catalogInfo: z =>
          z
            .string()
            .describe('The entity as YAML, e.g. the catalogInfo output of maskinporten:integration:create'),
        waitSeconds: z =>
          z
            .number()
            .int()
            .min(0)
            .max(MAX_WAIT_SECONDS)
            .optional()
            .describe(`How long to wait for the catalog to show the entity; default ${DEFAULT_WAIT_SECONDS}`),
      },
      output: {
        entityRef: z => z.string().describe('Ref of the written entity'),
        filePath: z => z.string().describe('Where the entity was written'),
      },
    },
    async handler(ctx) {
      if (!directory) {
        throw new InputError(
          `${WRITE_LOCAL_ACTION_ID} is not set up: configure ${LOCAL_CATALOG_DIRECTORY_KEY} and a file location in catalog.locations that covers it`,
        );
      }
      const entity = parseClientResource(ctx.input.catalogInfo);
      const entityRef = stringifyEntityRef(entity);
      const fileName = `${entity.metadata.namespace ?? 'default'}.resource.${entity.metadata.name}.yaml`.toLocaleLowerCase('en-US');
      const filePath = resolveSafeChildPath(directory, fileName);
      const content = YAML.stringify(entity);

      const credentials = await ctx.getInitiatorCredentials();
      const [decision] = await permissions.authorize(
        [{ permission: catalogEntityCreatePermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(`Not allowed: ${catalogEntityCreatePermission.name}`);
      }
      if (locations.length === 0) {
        throw new NotFoundError(
          `No file location in catalog.locations covers ${directory}, so the catalog would never read the entity; add { type: file, target: ${path.join(directory, '*.yaml')} }`,
        );
      }
      const service = await auth.getOwnServiceCredentials();

      const existing = await readIfExists(filePath);
      if (existing === undefined && (await catalog.getEntityByRef(entityRef, { credentials: service }))) {
        throw new ConflictError(`${entityRef} already exists in the catalog`);
      }
      if (existing !== undefined && existing !== content) {
        throw new ConflictError(`${filePath} already exists with a different entity; choose another name`);
      }

      ctx.output('entityRef', entityRef);
      ctx.output('filePath', filePath);
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would write ${entityRef} to ${filePath}`);
        return;
      }
      if (existing === undefined) {
        await writeExclusive(filePath, content);
        ctx.logger.info(`Wrote ${entityRef} to ${filePath}`);
      } else {
        ctx.logger.info(`${filePath} already holds ${entityRef} (a retried step)`);
      }

      for (const location of locations) {
        await catalog.refreshEntity(location, { credentials: service });
      }
      const waitMs = (ctx.input.waitSeconds ?? DEFAULT_WAIT_SECONDS) * 1000;
      const deadline = Date.now() + waitMs;
      for (;;) {
        if (await catalog.getEntityByRef(entityRef, { credentials: service })) {
          ctx.logger.info(`${entityRef} is in the catalog`);
          return;
        }
        if (Date.now() >= deadline || ctx.signal?.aborted) {
          ctx.logger.warn(
            `${entityRef} is not in the catalog yet; it appears when the catalog next processes ${locations.join(', ')}`,
          );
          return;
        }
        await new Promise(resolve => setTimeout(resolve, pollMs));
      }
    },
  });
}

/** Exactly one entity, and only the kind this module creates: the action cannot write others. */
function parseClientResource(catalogInfo: string): Entity {
  let documents: unknown[];
  try {
    documents = YAML.parseAllDocuments(catalogInfo).map(doc => {
      if (doc.errors.length > 0) {
        throw doc.errors[0];
      }
      return doc.toJS();
    });
  } catch (error) {
    throw new InputError(`catalogInfo: not valid YAML (${(error as Error).message})`);
  }
  if (documents.length !== 1) {
    throw new InputError(`catalogInfo: must hold exactly one entity, found ${documents.length}`);
  }
  const entity = documents[0] as Entity;
  if (
    typeof entity !== 'object' ||
    entity === null ||
    entity.apiVersion !== 'backstage.io/v1alpha1' ||
    entity.kind !== 'Resource' ||
    (entity.spec as { type?: unknown } | undefined)?.type !== MASKINPORTEN_CLIENT_RESOURCE_TYPE
  ) {
    throw new InputError(
      `catalogInfo: must be a backstage.io/v1alpha1 Resource with spec.type ${MASKINPORTEN_CLIENT_RESOURCE_TYPE}; this action writes nothing else`,
    );
  }
  if (!validator.isValidEntityName(entity.metadata?.name)) {
    throw new InputError('catalogInfo: metadata.name is not a valid catalog name');
  }
  if (entity.metadata.namespace !== undefined && !validator.isValidNamespace(entity.metadata.namespace)) {
    throw new InputError('catalogInfo: metadata.namespace is not a valid catalog namespace');
  }
  return entity;
}

/**
 * The Location entities of the `file` entries in `catalog.locations` whose target lies inside
 * the directory (e.g. `<dir>/*.yaml`). Read from config rather than from the catalog: a glob
 * that matches no file yet leaves its Location entity in error, out of the catalog's answers,
 * until the first file exists. The ref is the one the catalog derives for config locations.
 */
function coveringLocations(config: RootConfigService, directory: string): string[] {
  return (config.getOptionalConfigArray('catalog.locations') ?? [])
    .filter(location => location.getString('type') === 'file')
    // The catalog resolves file targets against the backend's working directory too.
    .map(location => path.resolve(location.getString('target')))
    .filter(target => target.startsWith(`${directory}${path.sep}`))
    .map(target =>
      stringifyEntityRef(locationSpecToLocationEntity({ location: { type: 'file', target } })),
    );
}

async function readIfExists(filePath: string): Promise<string | undefined> {
  try {
    return await fs.readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

/**
 * Writes the whole file under a name the location's `*.yaml` glob does not match, then links
 * it into place: the catalog never reads half a file, and two steps racing for one name
 * cannot both win.
 */
async function writeExclusive(filePath: string, content: string) {
  await fs.mkdir(path.dirname(filePath), { recursive: true });
  const temporary = `${filePath}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(temporary, content, { flag: 'wx' });
  try {
    await fs.link(temporary, filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ConflictError(`${filePath} was written by someone else meanwhile; choose another name`);
    }
    throw error;
  } finally {
    await fs.rm(temporary, { force: true });
  }
}
