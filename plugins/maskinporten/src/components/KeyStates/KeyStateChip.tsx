import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { useT } from '../../translation';
import type { KeyStateName } from './keyStates';

/** A key's state in words, explained on hover with the legend's text. */
export function KeyStateChip(props: { state: KeyStateName }) {
  const t = useT();
  const label = t(`common.keyStates.${props.state}.label`);
  const description = t(`common.keyStates.${props.state}.description`);
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
