import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { KEY_STATES, type KeyStateName } from './keyStates';

/** A key's state in words, explained on hover with the legend's text. */
export function KeyStateChip(props: { state: KeyStateName }) {
  const { label, description } = KEY_STATES[props.state];
  return (
    <Tooltip title={description}>
      <Chip
        size="small"
        variant={props.state === 'signing' ? 'default' : 'outlined'}
        color={props.state === 'signing' ? 'primary' : 'default'}
        label={label}
        data-testid={`key-state-${props.state}`}
      />
    </Tooltip>
  );
}
