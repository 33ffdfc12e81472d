import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { KeyRotationSection } from '../KeyRotation';
import { IntegrationActions, type IntegrationPermissions } from './IntegrationActions';
import { KeyList } from './KeyList';

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

function emptyKeysText(integration: MaskinportenIntegrationView, canManage: boolean): string {
  if (!canManage) return 'No keys yet. The owner creates them.';
  if (!integration.clientId) return 'No keys yet. Generate one to create the client in Samarbeidsportalen with.';
  return integration.keyRegistration === 'self-service'
    ? 'No keys yet. "Create key" generates one and registers it with Digdir.'
    : 'No keys yet. "Create key" generates one and guides you through its upload.';
}

/** The rest of an integration, on demand below its summary (which has the client id and last test). */
export function IntegrationDetails(props: {
  integration: MaskinportenIntegrationView;
  permissions: IntegrationPermissions;
  onChanged: () => void;
}) {
  const { integration, permissions, onChanged } = props;
  return (
    <Box data-testid="integration-details">
      <Box
        component="dl"
        display="grid"
        m={0}
        mt={1}
        style={{ gridTemplateColumns: 'max-content 1fr', columnGap: 16, rowGap: 4, alignItems: 'center' }}
      >
        <Property name="Scopes">
          <Box component="span" display="inline-flex" flexWrap="wrap" style={{ gap: 4 }}>
            {integration.scopes.map(scope => (
              <Chip key={scope} size="small" variant="outlined" label={scope} />
            ))}
          </Box>
        </Property>
        <Property name="Owner">
          {integration.owner ? <EntityRefLink entityRef={integration.owner} defaultKind="group" hideIcon /> : 'none set'}
        </Property>
      </Box>
      <Section title="Keys">
        <KeyList
          keys={integration.keys}
          activeKid={integration.activeKid}
          emptyText={emptyKeysText(integration, permissions.manageKeys)}
        />
      </Section>
      <Section title="Key rotation">
        <KeyRotationSection integration={integration} canRotate={permissions.manageKeys} onChanged={onChanged} />
      </Section>
      <Box mt={2}>
        <IntegrationActions integration={integration} permissions={permissions} onChanged={onChanged} />
      </Box>
    </Box>
  );
}
