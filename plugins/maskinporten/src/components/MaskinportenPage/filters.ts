import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
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

/** URL parameter names: short, so a shared link stays readable. */
const PARAMS: Record<keyof IntegrationFilterValues, string> = {
  ownedByMe: 'mine',
  environment: 'env',
  expiresWithinDays: 'within',
  search: 'q',
};

/** The server validates too, but a negative or fractional day count is never worth a 400. */
export function parseDays(value: string): number | undefined {
  if (!/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** Why a typed "expires within" value is refused, or undefined when it is fine or empty. */
export function daysError(value: string): 'negative' | 'not-whole' | undefined {
  if (value.trim() === '' || parseDays(value) !== undefined) return undefined;
  return Number(value) < 0 ? 'negative' : 'not-whole';
}

export function hasFilters(filters: IntegrationFilterValues): boolean {
  return filters.ownedByMe || Boolean(filters.environment || filters.expiresWithinDays || filters.search);
}

/**
 * The page's filters live in the URL, so a filtered view can be bookmarked and shared, and
 * Back returns to it. Changes replace the history entry instead of adding one per keystroke.
 */
export function useFilterParams(): [IntegrationFilterValues, (next: IntegrationFilterValues) => void] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<IntegrationFilterValues>(
    () => ({
      ownedByMe: params.get(PARAMS.ownedByMe) === '1',
      environment: params.get(PARAMS.environment) ?? '',
      expiresWithinDays: params.get(PARAMS.expiresWithinDays) ?? '',
      search: params.get(PARAMS.search) ?? '',
    }),
    [params],
  );
  const setFilters = useCallback(
    (next: IntegrationFilterValues) => {
      setParams(
        current => {
          const updated = new URLSearchParams(current);
          const set = (key: keyof IntegrationFilterValues, value: string) => {
            if (value) updated.set(PARAMS[key], value);
            else updated.delete(PARAMS[key]);
          };
          set('ownedByMe', next.ownedByMe ? '1' : '');
          set('environment', next.environment);
          set('expiresWithinDays', next.expiresWithinDays);
          set('search', next.search);
          return updated;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [filters, setFilters];
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
