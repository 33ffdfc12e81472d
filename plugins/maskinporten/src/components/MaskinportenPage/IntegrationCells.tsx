import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { EntityRefLink, useEntityPresentation } from '@backstage/plugin-catalog-react';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { useT, useTimeFormat } from '../../translation';
import { RelativeTime, Truncated } from '../common';
import { ExpiryChip } from '../ExpiryStatus';
import { GatewayStatusChip } from '../GatewayDeployments';
import { BulkTestStatusCell } from './BulkTestStatusCell';
import { RotationStateCell } from './RotationStateCell';
import type { BulkTestStatus } from './useBulkTokenTest';

export function IntegrationCell(props: { item: MaskinportenIntegrationView }) {
  const { item } = props;
  const t = useT();
  const title = item.title ?? item.entityRef;
  return (
    <>
      <Truncated title={`${title} (${item.entityRef})`}>
        <EntityRefLink entityRef={item.entityRef}>{title}</EntityRefLink>
      </Truncated>
      <Truncated
        secondary
        title={t('page.table.clientId', {
          environment: item.environment,
          clientId: item.clientId ?? t('page.table.clientIdMissing'),
        })}
      >
        {item.environment} · {item.clientId ?? t('page.table.noClientId')}
      </Truncated>
    </>
  );
}

function OwnerLink(props: { owner: string }) {
  // The name as text, so the cell's ellipsis can cut it (the display-name component cannot be cut).
  const { primaryTitle } = useEntityPresentation(props.owner, { defaultKind: 'group' });
  return (
    <Truncated title={`${primaryTitle} (${props.owner})`}>
      <EntityRefLink entityRef={props.owner}>{primaryTitle}</EntityRefLink>
    </Truncated>
  );
}

export function OwnerCell(props: { owner?: string }) {
  const t = useT();
  if (!props.owner) {
    return (
      <Typography variant="body2" color="textSecondary">
        {t('page.table.ownerNone')}
      </Typography>
    );
  }
  return <OwnerLink owner={props.owner} />;
}

export function ScopesCell(props: { scopes: string[] }) {
  return <Truncated title={props.scopes.join(' ')}>{props.scopes.join(', ')}</Truncated>;
}

/** Expiry in words and colour, when, the signing key on hover, and the rotation under it. */
export function KeyCell(props: { item: MaskinportenIntegrationView }) {
  const { item } = props;
  const time = useTimeFormat();
  const t = useT();
  return (
    <>
      <ExpiryChip status={item.expiry} expiresAt={item.expiresAt} compact />
      {item.expiresAt && (
        <Truncated
          secondary
          title={
            item.activeKid
              ? t('page.table.signingKey', { kid: item.activeKid, date: time.absolute(item.expiresAt) })
              : time.absolute(item.expiresAt)
          }
        >
          <RelativeTime iso={item.expiresAt} format="expiry" />
        </Truncated>
      )}
      <RotationStateCell item={item} />
    </>
  );
}

/**
 * The latest token test. A bulk test run from this page is the latest, so it takes the
 * cell over, with its reason written out in the row.
 */
export function TokenTestCell(props: { item: MaskinportenIntegrationView; bulk?: BulkTestStatus }) {
  const { item, bulk } = props;
  const t = useT();
  if (bulk) {
    return <BulkTestStatusCell status={bulk} item={item} />;
  }
  const test = item.lastTokenTest;
  if (!test) {
    return (
      <Typography variant="body2" color="textSecondary">
        {t('page.table.testNone')}
      </Typography>
    );
  }
  return (
    <Box>
      <Typography variant="body2" noWrap>
        {t(`tokenTest.outcomes.${test.outcome}`)}
        {test.errorCode ? ` (${test.errorCode})` : ''}
      </Typography>
      <Typography variant="caption" color="textSecondary" component="div" noWrap>
        <RelativeTime iso={test.requestedAt} format="past" />
      </Typography>
    </Box>
  );
}

/** The gateway column: in sync, stale or unknown, with each deployment's sentence on hover. */
export function GatewayCell(props: { item: MaskinportenIntegrationView }) {
  const t = useT();
  const gateway = props.item.gateway;
  if (!gateway) {
    return (
      <Typography variant="body2" color="textSecondary">
        {t('page.table.gatewayNone')}
      </Typography>
    );
  }
  const title = t('page.table.gatewayCount', {
    count: gateway.deployments.length,
    text: gateway.deployments.map(d => d.statusText).join(' '),
  });
  return <GatewayStatusChip status={gateway.status} title={title} />;
}
