import Box from '@material-ui/core/Box';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  maskinportenGraviteeExportPermission,
  maskinportenKeyCreatePermission,
  maskinportenTokenTestPermission,
  type MaskinportenIntegrationView,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { GenerateKeyAction } from '../GenerateKeyAction';
import { GraviteeDeployAction } from '../GraviteeDeployAction';
import { GraviteeDownloadButton } from '../GraviteeDownloadButton';
import { TokenTestAction } from '../TokenTestAction';

/**
 * Permissions are checked against the entity that declares the integration, which may be
 * a related Resource rather than the entity whose page shows the card.
 */
export function IntegrationActions(props: {
  integration: MaskinportenIntegrationView;
  onChanged: () => void;
}) {
  const { integration, onChanged } = props;
  const resourceRef = integration.entityRef;
  const canCreateKey = usePermission({ permission: maskinportenKeyCreatePermission, resourceRef });
  const canTestToken = usePermission({ permission: maskinportenTokenTestPermission, resourceRef });
  const canExport = usePermission({ permission: maskinportenGraviteeExportPermission, resourceRef });

  // Seeing the card implies read access, which is all a download without the key needs.
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} mt={1}>
      {canCreateKey.allowed && <GenerateKeyAction integration={integration} onGenerated={onChanged} />}
      {canTestToken.allowed && <TokenTestAction integration={integration} onTested={onChanged} />}
      <GraviteeDownloadButton integration={integration} canExportSecrets={canExport.allowed} />
      <GraviteeDeployAction integration={integration} canDeploy={canExport.allowed} />
    </Box>
  );
}
