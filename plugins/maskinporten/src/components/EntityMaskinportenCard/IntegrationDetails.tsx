import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { CopyTextButton } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { ExpiryChip } from '../ExpiryStatus';
import { IntegrationActions } from './IntegrationActions';
import { KeyList } from './KeyList';
import { LastTokenTestSummary } from './LastTokenTestSummary';
import { KeyRotationSection } from '../KeyRotation';

function Field(props: { label: string; children: ReactNode }) {
  return (
    <Box mb={1}>
      <Typography variant="overline" color="textSecondary" component="div">
        {props.label}
      </Typography>
      {props.children}
    </Box>
  );
}

/** One integration: the entity's own, or that of a related maskinporten-client resource. */
export function IntegrationDetails(props: {
  integration: MaskinportenIntegrationView;
  isCurrentEntity: boolean;
  onChanged: () => void;
}) {
  const { integration, isCurrentEntity, onChanged } = props;
  return (
    <Box
      component="section"
      data-testid={`integration-${integration.entityRef}`}
      aria-label={`Maskinporten integration ${integration.environment} ${integration.entityRef}`}
    >
      {!isCurrentEntity && (
        <Typography variant="subtitle1" component="h3">
          <EntityRefLink entityRef={integration.entityRef}>
            {integration.title ?? integration.entityRef}
          </EntityRefLink>
        </Typography>
      )}
      <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }} mb={1}>
        <Chip size="small" label={`Environment: ${integration.environment}`} />
        <ExpiryChip status={integration.expiry} expiresAt={integration.expiresAt} />
      </Box>
      <Field label="Client id">
        {integration.clientId ? (
          <Box display="flex" alignItems="center">
            <code>{integration.clientId}</code>
            <CopyTextButton text={integration.clientId} aria-label="Copy client id" tooltipText="Client id copied" />
          </Box>
        ) : (
          <Typography variant="body2" color="textSecondary">
            Not registered yet: add maskinporten.no/client-id once Samarbeidsportalen has issued it.
          </Typography>
        )}
      </Field>
      <Field label="Scopes">
        <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
          {integration.scopes.map(scope => (
            <Chip key={scope} size="small" variant="outlined" label={scope} />
          ))}
        </Box>
      </Field>
      <Field label="Keys">
        <KeyList keys={integration.keys} activeKid={integration.activeKid} />
      </Field>
      <Field label="Key rotation">
        <KeyRotationSection integration={integration} onChanged={onChanged} />
      </Field>
      <Field label="Last token test">
        <LastTokenTestSummary test={integration.lastTokenTest} />
      </Field>
      <IntegrationActions integration={integration} onChanged={onChanged} />
    </Box>
  );
}
