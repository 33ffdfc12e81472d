import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import Typography from '@material-ui/core/Typography';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  maskinportenGraviteeExportPermission,
  maskinportenKeyCreatePermission,
  maskinportenTokenTestPermission,
  type MaskinportenIntegrationView,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { useT } from '../../translation';
import { IntegrationDetails } from './IntegrationDetails';
import { IntegrationSummary } from './IntegrationSummary';
import { OwnerNote } from './OwnerNote';

/** An id fragment from an entity ref, for aria-controls and aria-labelledby. */
const idFor = (entityRef: string) => entityRef.replace(/[^A-Za-z0-9_-]/g, '-');

/**
 * One integration on the card: a heading (the entity's own, or a link to the related
 * resource), a summary row, who to ask for non-owners, and the details on demand.
 * Permissions are checked against the entity that declares the integration, which may be
 * a related Resource rather than the entity whose page shows the card.
 */
export function IntegrationSection(props: {
  integration: MaskinportenIntegrationView;
  /** Set for the integration the page's own entity declares, e.g. "component". */
  ownKind?: string;
  defaultExpanded: boolean;
  onChanged: () => void;
}) {
  const { integration, ownKind, defaultExpanded, onChanged } = props;
  const [expanded, setExpanded] = useState(defaultExpanded);
  const t = useT();
  const resourceRef = integration.entityRef;
  const manageKeys = usePermission({ permission: maskinportenKeyCreatePermission, resourceRef });
  const testToken = usePermission({ permission: maskinportenTokenTestPermission, resourceRef });
  const exportSecrets = usePermission({ permission: maskinportenGraviteeExportPermission, resourceRef });
  // Actions appear together once every answer is in: buttons popping in one by one would
  // move the others under the pointer (a click meant for "Test token" landing elsewhere).
  const known = !manageKeys.loading && !testToken.loading && !exportSecrets.loading;
  const permissions = {
    known,
    manageKeys: known && manageKeys.allowed,
    testToken: known && testToken.allowed,
    exportSecrets: known && exportSecrets.allowed,
  };
  const id = idFor(integration.entityRef);
  const title = integration.title ?? integration.entityRef;

  return (
    <Box component="section" aria-labelledby={`${id}-heading`} data-testid={`integration-${integration.entityRef}`}>
      <Box display="flex" alignItems="center" justifyContent="space-between" style={{ gap: 8 }}>
        <Typography variant="h6" component="h3" id={`${id}-heading`}>
          {ownKind ? (
            <>
              {title}{' '}
              <Typography variant="body2" component="span" color="textSecondary">
                {t('card.thisEntity', { kind: ownKind })}
              </Typography>
            </>
          ) : (
            <EntityRefLink entityRef={integration.entityRef}>{title}</EntityRefLink>
          )}
        </Typography>
        <Button
          size="small"
          onClick={() => setExpanded(value => !value)}
          aria-expanded={expanded}
          aria-controls={`${id}-details`}
          endIcon={expanded ? <ExpandLessIcon /> : <ExpandMoreIcon />}
        >
          {expanded ? t('card.hideDetails') : t('card.showDetails')}
        </Button>
      </Box>
      <IntegrationSummary integration={integration} />
      {!manageKeys.loading && !manageKeys.allowed && (
        <Box mt={1}>
          <OwnerNote owner={integration.owner} />
        </Box>
      )}
      <Collapse in={expanded}>
        <Box id={`${id}-details`}>
          <IntegrationDetails integration={integration} permissions={permissions} onChanged={onChanged} />
        </Box>
      </Collapse>
    </Box>
  );
}
