import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import type { ExpiryStatus } from '@maskinporten-backstage/plugin-maskinporten-common';
import { formatAbsolute, formatRelative } from '../../lib/time';

export const EXPIRY_LABELS: Record<ExpiryStatus, string> = {
  ok: 'OK',
  warning: 'Expires soon',
  critical: 'Critical',
  expired: 'Expired',
  unknown: 'No key',
};

const useStyles = makeStyles((theme: Theme) => ({
  ok: { backgroundColor: theme.palette.success.main, color: theme.palette.success.contrastText },
  warning: { backgroundColor: theme.palette.warning.main, color: theme.palette.warning.contrastText },
  critical: { backgroundColor: theme.palette.error.light, color: theme.palette.error.contrastText },
  expired: { backgroundColor: theme.palette.error.dark, color: theme.palette.error.contrastText },
  unknown: {},
}));

/**
 * Colour and words together: the status must be readable without colour vision, and
 * tests and screen readers find it through `data-testid`/`aria-label`.
 */
export function ExpiryChip(props: { status: ExpiryStatus; expiresAt?: string }) {
  const { status, expiresAt } = props;
  const classes = useStyles();
  const relative = expiresAt ? formatRelative(expiresAt) : undefined;
  const label = relative ? `${EXPIRY_LABELS[status]} · ${relative}` : EXPIRY_LABELS[status];
  const chip = (
    <Chip
      size="small"
      className={classes[status]}
      label={label}
      data-testid={`expiry-${status}`}
      aria-label={`Expiry status: ${status}`}
    />
  );
  return expiresAt ? (
    <Tooltip title={`Expires ${formatAbsolute(expiresAt)}`}>{chip}</Tooltip>
  ) : (
    chip
  );
}
