import Box from '@material-ui/core/Box';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { GenerateKeyAction } from '../GenerateKeyAction';
import { GraviteeDeployAction } from '../GraviteeDeployAction';
import { GraviteeDownloadButton } from '../GraviteeDownloadButton';
import { KeySetAction } from '../KeySet';
import { TokenTestAction } from '../TokenTestAction';
import { AdoptAction, awaitsAdoption, canAdopt } from './ImportedFromDigdir';

/** What the card's permission checks decided for one integration. */
export interface IntegrationPermissions {
  /** False until every permission has answered; the actions then appear all at once. */
  known: boolean;
  /** `maskinporten.key.create`: generate, rotate, show the key set. The owner's permission. */
  manageKeys: boolean;
  testToken: boolean;
  /** `maskinporten.gravitee.export`: the inline private key and deploys. */
  exportSecrets: boolean;
}

/** A Gravitee definition needs a client id and a key to sign with; without them it is a 409. */
export function hasUsableKey(integration: MaskinportenIntegrationView): boolean {
  return Boolean(integration.clientId && (integration.activeKid || integration.externalKeyId));
}

/**
 * The integration's actions. Key changes: "Generate key" only before there is a client
 * (the key to create it with); after that, "Rotate key" in the rotation section does it
 * and registers the key where Digdir's self-service API is configured.
 */
export function IntegrationActions(props: {
  integration: MaskinportenIntegrationView;
  permissions: IntegrationPermissions;
  onChanged: () => void;
}) {
  const { integration, permissions, onChanged } = props;
  const hasKeys = integration.keys.some(key => ['pending', 'active', 'retiring'].includes(key.state));
  if (!permissions.known) return null;
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 8 }} data-testid="integration-actions">
      {permissions.manageKeys && canAdopt(integration) && (
        <AdoptAction integration={integration} onAdopted={onChanged} />
      )}
      {permissions.manageKeys && !integration.clientId && (
        <GenerateKeyAction integration={integration} onGenerated={onChanged} />
      )}
      {permissions.testToken && !awaitsAdoption(integration) && (
        <TokenTestAction integration={integration} canManageKeys={permissions.manageKeys} onTested={onChanged} />
      )}
      {permissions.manageKeys && hasKeys && <KeySetAction integration={integration} />}
      {hasUsableKey(integration) && (
        <>
          <GraviteeDownloadButton integration={integration} canExportSecrets={permissions.exportSecrets} />
          <GraviteeDeployAction integration={integration} canDeploy={permissions.exportSecrets} />
        </>
      )}
    </Box>
  );
}
