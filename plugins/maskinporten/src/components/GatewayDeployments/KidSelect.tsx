import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';

/** The integration's keys a gateway can sign with: pending, active or retiring, newest first. */
export function usableKids(integration: MaskinportenIntegrationView): string[] {
  return integration.keys.filter(key => ['pending', 'active', 'retiring'].includes(key.state)).map(key => key.kid);
}

/** Picks one of the integration's kids. */
export function KidSelect(props: {
  id: string;
  label: string;
  kids: string[];
  value: string;
  onChange: (kid: string) => void;
}) {
  const { id, label, kids, value, onChange } = props;
  return (
    <TextField
      id={id}
      select
      fullWidth
      margin="dense"
      variant="outlined"
      label={label}
      value={kids.includes(value) ? value : ''}
      onChange={event => onChange(event.target.value as string)}
      inputProps={{ 'data-testid': 'kid-select' }}
    >
      {kids.map(kid => (
        <MenuItem key={kid} value={kid}>
          {kid}
        </MenuItem>
      ))}
    </TextField>
  );
}
