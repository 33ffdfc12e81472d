import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type { KeyWindow } from '@maskinporten-backstage/plugin-maskinporten-common';

/** The sliding window: the key coming in, the one signing, the ones on their way out. */
export function KeyWindowChips(props: { window?: KeyWindow }) {
  const { window } = props;
  if (!window || (!window.next && !window.active && window.retiring.length === 0)) {
    return (
      <Typography variant="body2" color="textSecondary">
        No usable key.
      </Typography>
    );
  }
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 4 }} data-testid="key-window">
      {window.next && (
        <Chip size="small" variant="outlined" label={`next: ${window.next}`} aria-label={`Next key ${window.next}`} />
      )}
      {window.active && (
        <Chip size="small" color="primary" label={`active: ${window.active}`} aria-label={`Active key ${window.active}`} />
      )}
      {window.retiring.map(kid => (
        <Chip key={kid} size="small" label={`retiring: ${kid}`} aria-label={`Retiring key ${kid}`} />
      ))}
    </Box>
  );
}
