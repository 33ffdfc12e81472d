import { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ExpiryThresholds,
  IntegrationListResponse,
  ClientIdConflict,
  KeyRotationView,
  MaskinportenIntegration,
  maskinportenIntegrationReadPermission,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { IntegrationIndexStore, IntegrationPosition, KeyStore, TokenTestStore } from '../database';
import { groupBy, integrationKey } from '../lib/grouping';
import { buildIntegrationView } from '../keys/keyViews';
import { ListingCursors } from './listingCursors';
import type { GatewaySummaries } from './EntityIntegrations';

export interface ListQuery {
  owner: string[];
  environment?: string;
  expiresWithinDays?: number;
  q?: string;
  limit: number;
  after?: IntegrationPosition;
}

export const MAX_PAGE_SIZE = 200;
const DEFAULT_PAGE_SIZE = 50;

/** Parses and validates the listing's query string. Every error names its parameter. */
export function parseListQuery(
  query: Record<string, unknown>,
  environments: string[],
  cursors: ListingCursors,
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
  if (expiresWithinRaw !== undefined && !/^\d{1,6}$/.test(expiresWithinRaw)) {
    throw new InputError('expiresWithinDays: must be a whole number of days, 0 or more');
  }
  const limitRaw = single('limit') ?? String(DEFAULT_PAGE_SIZE);
  const limit = Number(limitRaw);
  if (!/^\d+$/.test(limitRaw) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new InputError(`limit: must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  const cursor = single('cursor');
  const q = single('q')?.trim();
  return {
    owner: owners as string[],
    environment,
    expiresWithinDays: expiresWithinRaw === undefined ? undefined : Number(expiresWithinRaw),
    q: q ? q.toLocaleLowerCase('en-US') : undefined,
    limit,
    after: cursor === undefined ? undefined : cursors.open(cursor),
  };
}

/**
 * One page of the integration index, soonest expiry first. Filtering, sorting and keyset
 * paging happen in SQL; only the page's keys and last tests are loaded. Rows the caller may
 * not read are dropped from the page after the query, so a page can be shorter than `limit`.
 */
export async function listIntegrations(options: {
  query: ListQuery;
  credentials: BackstageCredentials;
  stores: { index: IntegrationIndexStore; keys: KeyStore; tokenTests: TokenTestStore };
  permissions: PermissionsService;
  now: Date;
  thresholds: ExpiryThresholds;
  /** Open key rotations of these integrations, when rotation is set up. */
  openRotations?: (entityRefs: string[]) => Promise<KeyRotationView[]>;
  /** Client-id conflicts among the page's integrations, keyed `entityRef|environment`. */
  clientConflicts?: (integrations: MaskinportenIntegration[]) => Promise<Map<string, ClientIdConflict>>;
  /** The page's gateway column: each integration's deployments, in sync, stale or unknown. */
  gatewaySummaries?: GatewaySummaries;
  cursors: ListingCursors;
}): Promise<IntegrationListResponse> {
  const { query, credentials, stores, permissions, now, thresholds } = options;
  const rows = await stores.index.query({
    owners: query.owner,
    environment: query.environment,
    expiresBefore:
      query.expiresWithinDays === undefined
        ? undefined
        : new Date(now.getTime() + query.expiresWithinDays * 86_400_000),
    search: query.q,
    limit: query.limit + 1,
    after: query.after,
  });
  const page = rows.slice(0, query.limit);
  const nextCursor =
    rows.length > query.limit ? options.cursors.seal(page[page.length - 1].position) : undefined;
  if (page.length === 0) {
    return { items: [], nextCursor };
  }

  const refs = page.map(row => row.integration.entityRef);
  const [decisions, keys, tests, rotations, conflicts] = await Promise.all([
    permissions.authorize(
      refs.map(resourceRef => ({ permission: maskinportenIntegrationReadPermission, resourceRef })),
      { credentials },
    ),
    stores.keys.listFor(refs),
    stores.tokenTests.latestFor(refs),
    options.openRotations?.(refs) ?? [],
    options.clientConflicts?.(page.map(row => row.integration)) ?? new Map<string, ClientIdConflict>(),
  ]);
  // One map lookup per row: scanning every key or test for each row makes a page quadratic.
  const keysOf = groupBy(keys, integrationKey);
  const testOf = new Map(tests.map(test => [integrationKey(test), test]));
  const rotationOf = new Map(rotations.map(rotation => [integrationKey(rotation), rotation]));
  const gatewayOf = (await options.gatewaySummaries?.(page.map(row => row.integration), keys)) ?? new Map();
  const items = page
    .filter((_, index) => decisions[index].result === AuthorizeResult.ALLOW)
    .map(row => {
      const { integration } = row;
      const id = integrationKey(integration);
      const view = buildIntegrationView({
        integration,
        title: row.title,
        owner: row.owner,
        keys: keysOf.get(id) ?? [],
        lastTokenTest: testOf.get(id),
        now,
        thresholds,
      });
      const rotation = rotationOf.get(id);
      const clientConflict = conflicts.get(id);
      const gateway = gatewayOf.get(id);
      return {
        ...view,
        ...(rotation && { rotation }),
        ...(clientConflict && { clientConflict }),
        ...(gateway && { gateway }),
      };
    });
  return { items, nextCursor };
}
