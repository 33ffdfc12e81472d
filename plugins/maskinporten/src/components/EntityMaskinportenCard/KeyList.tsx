import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type { MaskinportenKey } from '@maskinporten-backstage/plugin-maskinporten-common';
import { formatAbsolute, formatRelative } from '../../lib/time';
import { ExpiryChip } from '../ExpiryStatus';

/** Every key the plugin holds for the client, newest first as the backend sends them. */
export function KeyList(props: { keys: MaskinportenKey[]; activeKid?: string }) {
  const { keys, activeKid } = props;
  if (keys.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No keys yet. Generate one and upload it to Samarbeidsportalen.
      </Typography>
    );
  }
  return (
    <Box component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
      {keys.map(key => (
        <Box component="li" key={key.kid} mb={1} data-testid={`key-${key.kid}`}>
          <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
            <code>{key.kid}</code>
            <Chip size="small" variant="outlined" label={key.state} aria-label={`Key state: ${key.state}`} />
            {key.kid === activeKid && <Chip size="small" color="primary" label="signing" />}
            <ExpiryChip status={key.expiry} expiresAt={key.expiresAt} />
          </Box>
          <Typography variant="caption" color="textSecondary">
            {key.expiresAt
              ? `Expires ${formatRelative(key.expiresAt)} (${formatAbsolute(key.expiresAt)})`
              : 'Expiry starts when the key is registered with Digdir'}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
