import { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ANNOTATION_CLIENT_ID,
  ANNOTATION_ENVIRONMENT,
  ANNOTATION_SCOPES,
  IntegrationListResponse,
  MaskinportenIntegrationView,
  maskinportenIntegrationReadPermission,
  parseMaskinportenIntegration,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { InputError } from '@backstage/errors';
import { MaskinportenService } from './MaskinportenService';

export interface ListQuery {
  owner: string[];
  environment?: string;
  expiresWithinDays?: number;
  q?: string;
  limit: number;
  offset: number;
}

export const MAX_PAGE_SIZE = 200;
const DEFAULT_PAGE_SIZE = 50;

/**
 * Parses and validates the listing's query string. Every error names its parameter.
 */
export function parseListQuery(
  query: Record<string, unknown>,
  environments: string[],
): ListQuery {
  const single = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      throw new InputError(`${name}: give the parameter once, as a string`);
    }
    return value;
  };
  const owners = query.owner === undefined ? [] : [query.owner].flat();
  if (owners.some(o => typeof o !== 'string' || o.length === 0)) {
    throw new InputError('owner: must be entity refs such as group:default/team-a');
  }
  const environment = single('environment');
  if (environment !== undefined && !environments.includes(environment)) {
    throw new InputError(
      `environment: unknown environment "${environment}"; configured: ${environments.join(', ')}`,
    );
  }
  const expiresWithinRaw = single('expiresWithinDays');
  let expiresWithinDays: number | undefined;
  if (expiresWithinRaw !== undefined) {
    expiresWithinDays = Number(expiresWithinRaw);
    if (!/^\d+$/.test(expiresWithinRaw) || !Number.isSafeInteger(expiresWithinDays)) {
      throw new InputError('expiresWithinDays: must be a whole number of days, 0 or more');
    }
  }
  const limitRaw = single('limit');
  const limit = limitRaw === undefined ? DEFAULT_PAGE_SIZE : Number(limitRaw);
  if (!/^\d+$/.test(limitRaw ?? '50') || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new InputError(`limit: must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  const cursor = single('cursor');
  let offset = 0;
  if (cursor !== undefined) {
    offset = decodeCursor(cursor);
  }
  const q = single('q')?.trim();
  return {
    owner: owners as string[],
    environment,
    expiresWithinDays,
    q: q ? q.toLocaleLowerCase('en-US') : undefined,
    limit,
    offset,
  };
}

function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Number.isSafeInteger(parsed?.offset) && parsed.offset >= 0) {
      return parsed.offset;
    }
  } catch {
    // fall through to the error below
  }
  throw new InputError('cursor: not a cursor returned by this API; start again without it');
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

/**
 * Lists every integration the caller may read, across the catalog. This version walks the
 * catalog's annotated entities on each request, which is fine for hundreds of integrations.
 */
export async function listIntegrations(options: {
  query: ListQuery;
  credentials: BackstageCredentials;
  catalog: CatalogService;
  permissions: PermissionsService;
  service: MaskinportenService;
  now: Date;
}): Promise<IntegrationListResponse> {
  const { query, credentials, catalog, permissions, service, now } = options;
  const entities: Entity[] = [];
  for await (const page of catalog.streamEntities(
    {
      filter: [
        { [`metadata.annotations.${ANNOTATION_SCOPES}`]: CATALOG_FILTER_EXISTS },
        { [`metadata.annotations.${ANNOTATION_CLIENT_ID}`]: CATALOG_FILTER_EXISTS },
        { [`metadata.annotations.${ANNOTATION_ENVIRONMENT}`]: CATALOG_FILTER_EXISTS },
      ],
    },
    { credentials },
  )) {
    entities.push(...page);
  }

  const decisions = entities.length
    ? await permissions.authorize(
        entities.map(entity => ({
          permission: maskinportenIntegrationReadPermission,
          resourceRef: stringifyEntityRef(entity),
        })),
        { credentials },
      )
    : [];
  const readable = entities.filter(
    (_, index) => decisions[index].result === AuthorizeResult.ALLOW,
  );

  const views: MaskinportenIntegrationView[] = [];
  for (const entity of readable) {
    const parsed = parseMaskinportenIntegration(entity, {
      environments: service.environments,
    });
    if (parsed.kind !== 'integration') continue;
    views.push(await service.toIntegrationView(entity, parsed.integration));
  }

  const owners = new Set(query.owner.map(o => o.toLocaleLowerCase('en-US')));
  const horizon = query.expiresWithinDays === undefined
    ? undefined
    : now.getTime() + query.expiresWithinDays * 86_400_000;
  const filtered = views.filter(view => {
    if (owners.size && !owners.has((view.owner ?? '').toLocaleLowerCase('en-US'))) return false;
    if (query.environment && view.environment !== query.environment) return false;
    if (horizon !== undefined && !(view.expiresAt && Date.parse(view.expiresAt) <= horizon)) return false;
    if (query.q) {
      const haystack = [view.entityRef, view.title, view.clientId, view.owner, ...view.scopes]
        .join(' ')
        .toLocaleLowerCase('en-US');
      if (!haystack.includes(query.q)) return false;
    }
    return true;
  });
  // Soonest expiry first; integrations without a key (no expiry) last, then by ref for a stable order.
  filtered.sort((a, b) => {
    const ea = a.expiresAt ? Date.parse(a.expiresAt) : Infinity;
    const eb = b.expiresAt ? Date.parse(b.expiresAt) : Infinity;
    return ea === eb ? a.entityRef.localeCompare(b.entityRef) : ea - eb;
  });

  const items = filtered.slice(query.offset, query.offset + query.limit);
  const nextOffset = query.offset + items.length;
  return {
    items,
    nextCursor: nextOffset < filtered.length ? encodeCursor(nextOffset) : undefined,
  };
}
