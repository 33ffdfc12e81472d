import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import CheckCircleIcon from '@material-ui/icons/CheckCircleOutline';
import HelpIcon from '@material-ui/icons/HelpOutline';
import WarningIcon from '@material-ui/icons/ReportProblemOutlined';
import type { GatewaySyncStatus } from '@maskinporten-backstage/plugin-maskinporten-common';
import { useT } from '../../translation';

/** In sync, stale or unknown, with an icon so the state does not rest on colour alone. */
export function GatewayStatusChip(props: { status: GatewaySyncStatus; title?: string }) {
  const { status } = props;
  const t = useT();
  const icon = {
    'in-sync': <CheckCircleIcon />,
    stale: <WarningIcon />,
    unknown: <HelpIcon />,
  }[status];
  return (
    <Tooltip title={props.title ?? t(`gateways.statusHelp.${status}`)}>
      <Chip
        size="small"
        variant="outlined"
        color={status === 'stale' ? 'secondary' : 'default'}
        icon={icon}
        label={t(`gateways.status.${status}`)}
        data-testid={`gateway-status-${status}`}
      />
    </Tooltip>
  );
}
