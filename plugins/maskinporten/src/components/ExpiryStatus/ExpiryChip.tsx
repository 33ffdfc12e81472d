import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { darken, makeStyles, Theme } from '@material-ui/core/styles';
import type { ExpiryStatus } from '@maskinporten-backstage/plugin-maskinporten-common';
import { useT, useTimeFormat } from '../../translation';
import { useNow } from '../common/RelativeTime';

// White text needs a dark enough red for WCAG AA (4.5:1): error.dark (#d32f2f) gives about
// 5:1, where error.light gave 3:1. Expired is darker still, so the two differ beyond words.
const useStyles = makeStyles((theme: Theme) => ({
  ok: { backgroundColor: theme.palette.success.main, color: theme.palette.success.contrastText },
  warning: { backgroundColor: theme.palette.warning.main, color: theme.palette.warning.contrastText },
  critical: { backgroundColor: theme.palette.error.dark, color: theme.palette.common.white },
  expired: { backgroundColor: darken(theme.palette.error.dark, 0.4), color: theme.palette.common.white },
  unknown: {},
}));

/**
 * Colour and words together: the status must be readable without colour vision, so the
 * label carries it (no aria-label: a chip is no control, and its text is what is read).
 * `compact` leaves the relative time out of the label (the page's table shows it apart).
 */
export function ExpiryChip(props: { status: ExpiryStatus; expiresAt?: string; compact?: boolean }) {
  const { status, expiresAt, compact } = props;
  const classes = useStyles();
  const now = useNow(expiresAt);
  const t = useT();
  const time = useTimeFormat();
  const words = t(`common.expiry.${status}`);
  const relative = expiresAt && !compact ? time.relative(expiresAt, now) : undefined;
  const label = relative ? `${words} · ${relative}` : words;
  const chip = (
    <Chip
      size="small"
      className={classes[status]}
      label={label}
      data-testid={`expiry-${status}`}
    />
  );
  return expiresAt ? (
    <Tooltip title={time.expiryAt(expiresAt, now)}>{chip}</Tooltip>
  ) : (
    chip
  );
}
