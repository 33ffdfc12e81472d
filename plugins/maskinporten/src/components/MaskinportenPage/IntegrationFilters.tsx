import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import { useT } from '../../translation';
import { daysError, EMPTY_FILTERS, hasFilters, type IntegrationFilterValues } from './filters';

export function IntegrationFilters(props: {
  value: IntegrationFilterValues;
  environments: string[];
  onChange: (value: IntegrationFilterValues) => void;
}) {
  const { value, environments, onChange } = props;
  const set = (patch: Partial<IntegrationFilterValues>) => onChange({ ...value, ...patch });
  const t = useT();
  const refusedDays = daysError(value.expiresWithinDays);
  const refusedReason = refusedDays === 'negative' ? t('page.filters.negativeDays') : t('page.filters.wholeDays');
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
        label={t('page.filters.ownedByMe')}
      />
      <TextField
        select
        id="maskinporten-environment"
        label={t('page.filters.environment')}
        value={value.environment}
        onChange={event => set({ environment: event.target.value as string })}
        style={{ minWidth: 160 }}
      >
        <MenuItem value="">{t('page.filters.allEnvironments')}</MenuItem>
        {environments.map(environment => (
          <MenuItem key={environment} value={environment}>
            {environment}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id="maskinporten-expires-within"
        label={t('page.filters.expiresWithin')}
        type="number"
        value={value.expiresWithinDays}
        error={refusedDays !== undefined}
        helperText={refusedDays ? t('page.filters.notApplied', { reason: refusedReason }) : undefined}
        inputProps={{ min: 0, step: 1 }}
        onChange={event => set({ expiresWithinDays: event.target.value })}
        style={{ width: 200 }}
      />
      <TextField
        id="maskinporten-search"
        label={t('page.filters.search')}
        placeholder={t('page.filters.searchPlaceholder')}
        value={value.search}
        onChange={event => set({ search: event.target.value })}
        style={{ minWidth: 260 }}
      />
      {hasFilters(value) && (
        <Button style={{ marginTop: 12 }} onClick={() => onChange(EMPTY_FILTERS)}>
          {t('page.filters.clear')}
        </Button>
      )}
    </Box>
  );
}
