import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import { daysError, EMPTY_FILTERS, hasFilters, type IntegrationFilterValues } from './filters';

export function IntegrationFilters(props: {
  value: IntegrationFilterValues;
  environments: string[];
  onChange: (value: IntegrationFilterValues) => void;
}) {
  const { value, environments, onChange } = props;
  const set = (patch: Partial<IntegrationFilterValues>) => onChange({ ...value, ...patch });
  const refusedDays = daysError(value.expiresWithinDays);
  return (
    <Box display="flex" flexWrap="wrap" alignItems="flex-start" style={{ gap: 16 }} mb={2}>
      <FormControlLabel
        style={{ marginTop: 12 }}
        control={
          <Switch
            color="primary"
            checked={value.ownedByMe}
            onChange={event => set({ ownedByMe: event.target.checked })}
          />
        }
        label="Owned by me"
      />
      <TextField
        select
        id="maskinporten-environment"
        label="Environment"
        value={value.environment}
        onChange={event => set({ environment: event.target.value as string })}
        style={{ minWidth: 160 }}
      >
        <MenuItem value="">All</MenuItem>
        {environments.map(environment => (
          <MenuItem key={environment} value={environment}>
            {environment}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id="maskinporten-expires-within"
        label="Expires within (days)"
        type="number"
        value={value.expiresWithinDays}
        error={refusedDays !== undefined}
        helperText={refusedDays ? `${refusedDays}: not applied` : undefined}
        inputProps={{ min: 0, step: 1 }}
        onChange={event => set({ expiresWithinDays: event.target.value })}
        style={{ width: 200 }}
      />
      <TextField
        id="maskinporten-search"
        label="Search"
        placeholder="Entity, client id, scope, owner"
        value={value.search}
        onChange={event => set({ search: event.target.value })}
        style={{ minWidth: 260 }}
      />
      {hasFilters(value) && (
        <Button style={{ marginTop: 12 }} onClick={() => onChange(EMPTY_FILTERS)}>
          Clear filters
        </Button>
      )}
    </Box>
  );
}
