import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import type { IntegrationFilterValues } from './filters';

export function IntegrationFilters(props: {
  value: IntegrationFilterValues;
  environments: string[];
  onChange: (value: IntegrationFilterValues) => void;
}) {
  const { value, environments, onChange } = props;
  const set = (patch: Partial<IntegrationFilterValues>) => onChange({ ...value, ...patch });
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 16 }} mb={2}>
      <FormControlLabel
        control={
          <Switch
            checked={value.ownedByMe}
            onChange={event => set({ ownedByMe: event.target.checked })}
            inputProps={{ 'aria-label': 'Owned by me' }}
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
        label="Expires within (days)"
        type="number"
        value={value.expiresWithinDays}
        inputProps={{ min: 0, step: 1, 'aria-label': 'Expires within days' }}
        onChange={event => set({ expiresWithinDays: event.target.value })}
        style={{ width: 180 }}
      />
      <TextField
        label="Search"
        placeholder="Entity, client id, scope, owner"
        value={value.search}
        inputProps={{ 'aria-label': 'Search integrations' }}
        onChange={event => set({ search: event.target.value })}
        style={{ minWidth: 260 }}
      />
    </Box>
  );
}
