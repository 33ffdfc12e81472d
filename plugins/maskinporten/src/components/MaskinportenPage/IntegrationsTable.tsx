import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { ExpiryChip } from '../ExpiryStatus';
import { LastTokenTestSummary } from '../EntityMaskinportenCard/LastTokenTestSummary';
import { BulkTestStatusCell } from './BulkTestStatusCell';
import { RotationStateCell } from './RotationStateCell';
import type { BulkTestStatus } from './useBulkTokenTest';

export function IntegrationsTable(props: {
  items: MaskinportenIntegrationView[];
  selected: ReadonlySet<string>;
  onToggle: (entityRef: string) => void;
  onToggleAll: (select: boolean) => void;
  statuses: Record<string, BulkTestStatus>;
}) {
  const { items, selected, onToggle, onToggleAll, statuses } = props;
  const selectedOnPage = items.filter(item => selected.has(item.entityRef)).length;
  return (
    <Box style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Maskinporten integrations">
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox">
              <Checkbox
                indeterminate={selectedOnPage > 0 && selectedOnPage < items.length}
                checked={items.length > 0 && selectedOnPage === items.length}
                onChange={event => onToggleAll(event.target.checked)}
                inputProps={{ 'aria-label': 'Select all on this page' }}
              />
            </TableCell>
            <TableCell>Entity</TableCell>
            <TableCell>Owner</TableCell>
            <TableCell>Environment</TableCell>
            <TableCell>Client id</TableCell>
            <TableCell>Scopes</TableCell>
            <TableCell>Active key</TableCell>
            <TableCell>Rotation</TableCell>
            <TableCell>Expiry</TableCell>
            <TableCell>Last test</TableCell>
            <TableCell>Bulk test</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.length === 0 && (
            <TableRow>
              <TableCell colSpan={11}>
                <Typography variant="body2" color="textSecondary">
                  No integrations match these filters.
                </Typography>
              </TableCell>
            </TableRow>
          )}
          {items.map(item => (
            <TableRow key={item.entityRef} data-testid={`row-${item.entityRef}`} hover>
              <TableCell padding="checkbox">
                <Checkbox
                  checked={selected.has(item.entityRef)}
                  onChange={() => onToggle(item.entityRef)}
                  inputProps={{ 'aria-label': `Select ${item.entityRef}` }}
                />
              </TableCell>
              <TableCell>
                <EntityRefLink entityRef={item.entityRef}>{item.title ?? item.entityRef}</EntityRefLink>
              </TableCell>
              <TableCell>{item.owner ? <EntityRefLink entityRef={item.owner} /> : '—'}</TableCell>
              <TableCell>{item.environment}</TableCell>
              <TableCell>
                <code>{item.clientId ?? '—'}</code>
              </TableCell>
              <TableCell>
                <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
                  {item.scopes.map(scope => (
                    <Chip key={scope} size="small" variant="outlined" label={scope} />
                  ))}
                </Box>
              </TableCell>
              <TableCell>
                <code>{item.activeKid ?? '—'}</code>
              </TableCell>
              <TableCell>
                <RotationStateCell item={item} />
              </TableCell>
              <TableCell>
                <ExpiryChip status={item.expiry} expiresAt={item.expiresAt} />
              </TableCell>
              <TableCell>
                <LastTokenTestSummary test={item.lastTokenTest} />
              </TableCell>
              <TableCell>
                <BulkTestStatusCell status={statuses[item.entityRef]} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
