import type { IntegrationListQuery } from '@maskinporten-backstage/plugin-maskinporten-common';

export interface IntegrationFilterValues {
  ownedByMe: boolean;
  environment: string;
  /** Kept as typed so a half-edited field does not jump; parsed when the query is built. */
  expiresWithinDays: string;
  search: string;
}

export const EMPTY_FILTERS: IntegrationFilterValues = {
  ownedByMe: false,
  environment: '',
  expiresWithinDays: '',
  search: '',
};

/** The server validates too, but a negative or fractional day count is never worth a 400. */
export function parseDays(value: string): number | undefined {
  if (!/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

export function buildListQuery(options: {
  filters: Omit<IntegrationFilterValues, 'search'>;
  search: string;
  ownershipRefs: string[];
  limit: number;
  cursor?: string;
}): IntegrationListQuery {
  const { filters, search, ownershipRefs, limit, cursor } = options;
  const query: IntegrationListQuery = { limit };
  if (filters.ownedByMe) query.owner = ownershipRefs;
  if (filters.environment) query.environment = filters.environment;
  const days = parseDays(filters.expiresWithinDays);
  if (days !== undefined) query.expiresWithinDays = days;
  if (search.trim()) query.q = search.trim();
  if (cursor) query.cursor = cursor;
  return query;
}
