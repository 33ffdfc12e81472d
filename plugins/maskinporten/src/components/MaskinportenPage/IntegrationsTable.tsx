import { useMemo } from 'react';
import Typography from '@material-ui/core/Typography';
import { MTableBodyRow } from '@material-table/core';
import { Table, type TableColumn } from '@backstage/core-components';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { useT, type Translate } from '../../translation';
import { GatewayCell, IntegrationCell, KeyCell, OwnerCell, ScopesCell, TokenTestCell } from './IntegrationCells';
import type { BulkTestStatus } from './useBulkTokenTest';

interface Row {
  /** material-table keys its row state by `id`. */
  id: string;
  item: MaskinportenIntegrationView;
}

/** A stable component (not an inline one), so rows are not remounted on every render. */
function TestableRow(props: any) {
  return <MTableBodyRow {...props} data-testid={`row-${props.data.id}`} />;
}


/** Header and cell padding that leave room for the text at 1024 px. */
const CELL = { padding: '6px 8px', verticalAlign: 'top' } as const;

function columns(t: Translate, statuses: Record<string, BulkTestStatus>): TableColumn<Row>[] {
  const plain: TableColumn<Row>[] = [
    { title: t('page.table.integration'), width: '24%', render: row => <IntegrationCell item={row.item} /> },
    { title: t('page.table.owner'), width: '13%', render: row => <OwnerCell owner={row.item.owner} /> },
    { title: t('page.table.scopes'), width: '15%', render: row => <ScopesCell scopes={row.item.scopes} /> },
    { title: t('page.table.keyExpiry'), width: '18%', render: row => <KeyCell item={row.item} /> },
    { title: t('page.table.gateway'), width: '11%', render: row => <GatewayCell item={row.item} /> },
    {
      title: t('page.table.tokenTest'),
      width: '19%',
      render: row => <TokenTestCell item={row.item} bulk={statuses[row.item.entityRef]} />,
    },
  ];
  return plain.map(column => ({ ...column, cellStyle: CELL, headerStyle: CELL }));
}

/**
 * The page's table, on core-components' Table (material-table) like the catalog's:
 * fixed column widths, one line per value with an ellipsis and the whole text on hover,
 * entity and owner as links. Selection is controlled here: only rows the user may test
 * can be picked for the bulk test, and "select all" means all of those on this page.
 */
export function IntegrationsTable(props: {
  items: MaskinportenIntegrationView[];
  loading: boolean;
  testable: (entityRef: string) => boolean;
  selected: ReadonlySet<string>;
  onToggle: (entityRef: string) => void;
  onToggleAll: (select: boolean) => void;
  statuses: Record<string, BulkTestStatus>;
}) {
  const { items, loading, testable, selected, onToggle, onToggleAll, statuses } = props;
  const t = useT();
  const rows = useMemo(() => items.map(item => ({ id: item.entityRef, item })), [items]);
  // Memoised: core-components rebuilds the table body whenever this element changes.
  const empty = useMemo(
    () => (
      <Typography variant="body2" color="textSecondary" style={{ padding: 16 }}>
        {t('page.table.empty')}
      </Typography>
    ),
    [t],
  );
  const selectable = items.filter(item => testable(item.entityRef));
  const selectedOnPage = selectable.filter(item => selected.has(item.entityRef)).length;
  return (
    <Table<Row>
      isLoading={loading}
      data={rows}
      columns={columns(t, statuses)}
      emptyContent={empty}
      options={{
        toolbar: false,
        paging: false,
        search: false,
        sorting: false,
        draggable: false,
        padding: 'dense',
        tableLayout: 'fixed',
        selection: true,
        showTextRowsSelected: false,
        // The selection column is 32 px wide; Backstage's header padding would hide its box.
        headerStyle: { padding: '6px 4px' },
        headerSelectionProps: {
          color: 'primary',
          size: 'small',
          checked: selectable.length > 0 && selectedOnPage === selectable.length,
          indeterminate: selectedOnPage > 0 && selectedOnPage < selectable.length,
          disabled: selectable.length === 0,
          onChange: (_event: unknown, checked: boolean) => onToggleAll(checked),
          inputProps: { 'aria-label': t('page.table.selectAll') },
        },
        selectionProps: (row: Row) => {
          const allowed = testable(row.id);
          const name = row.item.title ?? row.id;
          return {
            color: 'primary',
            checked: allowed && selected.has(row.id),
            disabled: !allowed,
            onChange: () => onToggle(row.id),
            inputProps: {
              'aria-label': allowed ? t('page.table.select', { name }) : t('page.table.notTestable', { name }),
            },
          };
        },
      }}
      components={{ Row: TestableRow }}
    />
  );
}
