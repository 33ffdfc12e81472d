import type { ReactNode } from 'react';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';

/** One line cut with an ellipsis; the whole text on hover. */
export function Truncated(props: { title: string; children?: ReactNode; secondary?: boolean }) {
  return (
    <Tooltip title={props.title}>
      <Typography
        variant={props.secondary ? 'caption' : 'body2'}
        color={props.secondary ? 'textSecondary' : 'textPrimary'}
        component="div"
        noWrap
      >
        {props.children ?? props.title}
      </Typography>
    </Tooltip>
  );
}
