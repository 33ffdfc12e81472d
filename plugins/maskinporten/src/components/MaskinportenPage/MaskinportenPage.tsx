import { useCallback, useEffect, useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';
import { Content, Header, Page, WarningPanel } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { maskinportenApiRef } from '../../api';
import { errorMessage } from '../../lib/errors';
import { useT } from '../../translation';
import { ExpiryScanPanel } from '../ExpiryScanPanel';
import { GraviteeLintPanel } from '../GraviteeLintPanel';
import { buildListQuery, useFilterParams, type IntegrationFilterValues } from './filters';
import { IntegrationFilters } from './IntegrationFilters';
import { IntegrationsTable } from './IntegrationsTable';
import { useBulkTokenTest } from './useBulkTokenTest';
import { useCursorPagination } from './useCursorPagination';
import { useTestableRefs } from './useTestableRefs';

/** @public */
export interface MaskinportenPageProps {
  /**
   * Environments offered in the filter. The backend's list is not visible to the browser;
   * environments seen in the results are added to these.
   */
  environments?: string[];
  /** Rows per page; the backend allows 1–200. */
  pageSize?: number;
}

const DEFAULT_ENVIRONMENTS = ['test', 'prod'];
const SEARCH_DEBOUNCE_MS = 300;

/** Filters (kept in the URL), table, bulk test and paging, without any page chrome. */
export function MaskinportenPageContent(props: MaskinportenPageProps) {
  const { environments = DEFAULT_ENVIRONMENTS, pageSize = 25 } = props;
  const api = useApi(maskinportenApiRef);
  const t = useT();
  const identityApi = useApi(identityApiRef);
  const pagination = useCursorPagination();
  const { reset: resetPagination } = pagination;
  const [filters, setFilters] = useFilterParams();
  const [search, setSearch] = useState(filters.search);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [seenEnvironments, setSeenEnvironments] = useState<string[]>([]);
  const [refreshError, setRefreshError] = useState<string>();
  const bulk = useBulkTokenTest();

  // Old cursors mean nothing under new filters, and the old selection would be invisible.
  // Reset in the same update as the filter so no request goes out with a stale cursor.
  const startOver = useCallback(() => {
    resetPagination();
    setSelected(new Set());
  }, [resetPagination]);

  const changeFilters = (next: IntegrationFilterValues) => {
    setFilters(next);
    if (
      next.ownedByMe !== filters.ownedByMe ||
      next.environment !== filters.environment ||
      next.expiresWithinDays !== filters.expiresWithinDays
    ) {
      startOver();
    }
  };

  useDebounce(
    () => {
      if (filters.search !== search) {
        setSearch(filters.search);
        startOver();
      }
    },
    SEARCH_DEBOUNCE_MS,
    [filters.search],
  );

  const { ownedByMe, environment, expiresWithinDays } = filters;
  const ownership = useAsync(async () => {
    if (!ownedByMe) return [];
    const identity = await identityApi.getBackstageIdentity();
    return identity.ownershipEntityRefs.length > 0
      ? identity.ownershipEntityRefs
      : [identity.userEntityRef];
  }, [identityApi, ownedByMe]);

  const ownershipRefs = ownership.loading ? undefined : ownership.value;
  const query = useMemo(
    () =>
      ownershipRefs === undefined
        ? undefined
        : buildListQuery({
            filters: { ownedByMe, environment, expiresWithinDays },
            search,
            ownershipRefs,
            limit: pageSize,
            cursor: pagination.cursor,
          }),
    [ownedByMe, environment, expiresWithinDays, search, ownershipRefs, pageSize, pagination.cursor],
  );

  const list = useAsyncRetry(async () => (query ? api.listIntegrations(query) : undefined), [api, query]);
  const items = useMemo(() => list.value?.items ?? [], [list.value]);
  const testable = useTestableRefs(items.map(item => item.entityRef));

  useEffect(() => {
    const found = items.map(item => item.environment);
    if (found.some(name => !seenEnvironments.includes(name))) {
      setSeenEnvironments(current => [...new Set([...current, ...found])]);
    }
  }, [items, seenEnvironments]);

  const refresh = async () => {
    setRefreshError(undefined);
    try {
      await api.refreshIntegrations();
    } catch (refreshFailure) {
      setRefreshError(errorMessage(refreshFailure));
    }
    list.retry();
  };

  const toggle = (entityRef: string) =>
    setSelected(current => {
      const copy = new Set(current);
      if (copy.has(entityRef)) copy.delete(entityRef);
      else copy.add(entityRef);
      return copy;
    });
  const toggleAll = (select: boolean) =>
    setSelected(current => {
      const copy = new Set(current);
      for (const item of items) {
        if (select && testable(item.entityRef)) copy.add(item.entityRef);
        else copy.delete(item.entityRef);
      }
      return copy;
    });

  const environmentOptions = [...new Set([...environments, ...seenEnvironments])];
  const error = ownership.error ?? list.error;

  return (
    <Box data-testid="maskinporten-page">
      <Typography variant="body1" paragraph>
        {t('page.intro')}
      </Typography>
      <IntegrationFilters value={filters} environments={environmentOptions} onChange={changeFilters} />
      <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={2}>
        <Button
          variant="contained"
          color="primary"
          disabled={selected.size === 0 || bulk.running}
          onClick={() => bulk.run([...selected])}
        >
          {t('page.testSelected', { count: selected.size })}
        </Button>
        <Button variant="outlined" onClick={refresh} disabled={list.loading}>
          {t('page.refresh')}
        </Button>
      </Box>
      {refreshError && (
        <WarningPanel title={t('page.refreshFailed')} message={refreshError} />
      )}
      {error && (
        <WarningPanel
          severity="error"
          title={t('page.loadFailed')}
          message={errorMessage(error)}
          defaultExpanded
        />
      )}
      {!error && (
        <Box component="section" aria-labelledby="maskinporten-integrations-heading">
          <Typography variant="h6" component="h2" id="maskinporten-integrations-heading" gutterBottom>
            {t('page.integrations')}
          </Typography>
          <IntegrationsTable
            items={items}
            loading={list.loading}
            testable={testable}
            selected={selected}
            onToggle={toggle}
            onToggleAll={toggleAll}
            statuses={bulk.statuses}
          />
        </Box>
      )}
      <Box display="flex" alignItems="center" justifyContent="flex-end" style={{ gap: 8 }} mt={2}>
        <Typography variant="body2">{t('page.pageNumber', { page: String(pagination.pageNumber) })}</Typography>
        <Button onClick={pagination.previous} disabled={!pagination.hasPrevious || list.loading}>
          {t('page.previous')}
        </Button>
        <Button
          onClick={() => list.value?.nextCursor && pagination.next(list.value.nextCursor)}
          disabled={!list.value?.nextCursor || list.loading}
        >
          {t('page.next')}
        </Button>
      </Box>
      <Box mt={4}>
        <ExpiryScanPanel />
      </Box>
      <Box mt={4}>
        <GraviteeLintPanel />
      </Box>
    </Box>
  );
}

/** The page for the new frontend system, whose page blueprint already draws the header. */
export function MaskinportenPageBody(props: MaskinportenPageProps) {
  return (
    <Content>
      <MaskinportenPageContent {...props} />
    </Content>
  );
}

/**
 * The self-service page: every integration, filtered and paged on the server, with bulk
 * token tests.
 *
 * @public
 */
export function MaskinportenPage(props: MaskinportenPageProps) {
  const t = useT();
  return (
    <Page themeId="tool">
      <Header title="Maskinporten" subtitle={t('page.subtitle')} />
      <Content>
        <MaskinportenPageContent {...props} />
      </Content>
    </Page>
  );
}
