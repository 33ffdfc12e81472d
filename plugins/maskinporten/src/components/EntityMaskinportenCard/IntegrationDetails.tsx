import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { GatewayDeploymentsSection } from '../GatewayDeployments';
import { KeyRotationSection } from '../KeyRotation';
import { IntegrationActions, type IntegrationPermissions } from './IntegrationActions';
import { awaitsAdoption } from './ImportedFromDigdir';
import { useT, type Translate } from '../../translation';
import { KeyList } from './KeyList';
import { ScopeChips } from './ScopeAccess';

/** A titled part of an integration's details; h4 under the integration's h3. */
function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box component="section" mt={2}>
      <Typography variant="subtitle2" component="h4" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

function Property(props: { name: string; children: ReactNode }) {
  return (
    <>
      <Typography variant="body2" component="dt" color="textSecondary">
        {props.name}
      </Typography>
      <Typography variant="body2" component="dd" style={{ margin: 0 }}>
        {props.children}
      </Typography>
    </>
  );
}

function emptyKeysText(t: Translate, integration: MaskinportenIntegrationView, canManage: boolean): string {
  if (!canManage) return t('card.details.noKeysNotOwner');
  if (awaitsAdoption(integration)) {
    return integration.imported?.unclaimed ? t('card.details.noKeysUnclaimed') : t('card.details.noKeysAdoptFirst');
  }
  if (!integration.clientId) return t('card.details.noKeysNoClient');
  return integration.keyRegistration === 'self-service'
    ? t('card.details.noKeysSelfService')
    : t('card.details.noKeysManual');
}

/** The rest of an integration, on demand below its summary (which has the client id and last test). */
export function IntegrationDetails(props: {
  integration: MaskinportenIntegrationView;
  permissions: IntegrationPermissions;
  onChanged: () => void;
}) {
  const { integration, permissions, onChanged } = props;
  const t = useT();
  return (
    <Box data-testid="integration-details">
      <Box
        component="dl"
        display="grid"
        m={0}
        mt={1}
        style={{ gridTemplateColumns: 'max-content 1fr', columnGap: 16, rowGap: 4, alignItems: 'center' }}
      >
        <Property name={t('card.details.scopes')}>
          <ScopeChips integration={integration} />
        </Property>
        <Property name={t('card.details.owner')}>
          {integration.owner ? <EntityRefLink entityRef={integration.owner} defaultKind="group" hideIcon /> : t('card.details.ownerNone')}
        </Property>
      </Box>
      <Section title={t('card.details.keys')}>
        <KeyList
          keys={integration.keys}
          deployments={integration.gateway?.deployments}
          activeKid={integration.activeKid}
          emptyText={emptyKeysText(t, integration, permissions.manageKeys)}
        />
      </Section>
      <Section title={t('card.details.keyRotation')}>
        <KeyRotationSection integration={integration} canRotate={permissions.manageKeys && !awaitsAdoption(integration)} onChanged={onChanged} />
      </Section>
      <Section title={t('gateways.title')}>
        <GatewayDeploymentsSection integration={integration} permissions={permissions} onChanged={onChanged} />
      </Section>
      <Box mt={2}>
        <IntegrationActions integration={integration} permissions={permissions} onChanged={onChanged} />
      </Box>
    </Box>
  );
}
