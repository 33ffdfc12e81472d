import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { GatewayDeploymentView, MaskinportenKey } from '@maskinporten-backstage/plugin-maskinporten-common';
import { useDeploymentName } from '../GatewayDeployments';
import { useT, useTimeFormat } from '../../translation';
import { RelativeTime } from '../common';
import { ExpiryChip } from '../ExpiryStatus';
import { KeyStateChip } from '../KeyStates';

function KeyExpiry(props: { keyView: MaskinportenKey }) {
  const { keyView: key } = props;
  const t = useT();
  const time = useTimeFormat();
  if (key.state === 'revoked') {
    // A revoked key's expiry date says nothing about whether it works: it does not.
    return <>{t('card.keyList.revoked')}</>;
  }
  if (!key.expiresAt) {
    return <>{t('card.keyList.notRegistered')}</>;
  }
  return (
    <>
      <RelativeTime iso={key.expiresAt} format="expiry" /> ({time.absolute(key.expiresAt)})
    </>
  );
}

/**
 * The gateways that sign with a key; for a key that needs attention, what rotating and
 * renewing would mean for them.
 */
function KeyGateways(props: { keyView: MaskinportenKey; deployments: GatewayDeploymentView[] }) {
  const { keyView: key, deployments } = props;
  const t = useT();
  const nameOf = useDeploymentName();
  const signing = deployments.filter(d => d.kid === key.kid);
  if (signing.length === 0) return null;
  const attention = ['warning', 'critical', 'expired'].includes(key.expiry);
  return (
    <Typography variant="caption" component="div" color={attention ? 'error' : 'textSecondary'} data-testid={`key-gateways-${key.kid}`}>
      {t('gateways.keySigns', { count: signing.length, gateways: signing.map(nameOf).join(t('gateways.keyJoin')) })}
      {attention ? ` ${t('gateways.keyExpiring')}` : ''}
    </Typography>
  );
}

/** Every key the plugin holds for the client, newest first as the backend sends them. */
export function KeyList(props: {
  keys: MaskinportenKey[];
  activeKid?: string;
  emptyText: string;
  /** The integration's gateway deployments: each key says which of them sign with it. */
  deployments?: GatewayDeploymentView[];
}) {
  const { keys, activeKid, emptyText, deployments = [] } = props;
  if (keys.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {emptyText}
      </Typography>
    );
  }
  return (
    <Box component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
      {keys.map(key => (
        <Box component="li" key={key.kid} mb={1} data-testid={`key-${key.kid}`}>
          <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
            <Typography variant="body2" component="code" style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
              {key.kid}
            </Typography>
            {/* An expired key's expiry chip says "Expired" already; a revoked one's date is moot. */}
            {key.state !== 'expired' && <KeyStateChip state={key.state} />}
            {key.kid === activeKid && <KeyStateChip state="signing" />}
            {key.state !== 'revoked' && key.expiresAt && <ExpiryChip status={key.expiry} compact />}
          </Box>
          <Typography variant="caption" color="textSecondary" component="div">
            <KeyExpiry keyView={key} />
          </Typography>
          {key.state !== 'revoked' && <KeyGateways keyView={key} deployments={deployments} />}
        </Box>
      ))}
    </Box>
  );
}
