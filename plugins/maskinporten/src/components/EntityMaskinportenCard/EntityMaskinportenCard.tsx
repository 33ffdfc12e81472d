import Divider from '@material-ui/core/Divider';
import Box from '@material-ui/core/Box';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { isMaskinportenAvailable } from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import { errorMessage } from '../../lib/errors';
import { useT } from '../../translation';
import { NextExpiryScanNote } from '../ExpiryScanPanel';
import { KeyStateLegend } from '../KeyStates';
import { IntegrationSection } from './IntegrationSection';
import { InvalidAnnotations } from './InvalidAnnotations';
import { MissingAnnotations } from './MissingAnnotations';

/** @public */
export interface EntityMaskinportenCardProps {
  title?: string;
}

/**
 * The entity's Maskinporten integration and those of its related maskinporten-client
 * resources, with keys, expiry, the last token test and the actions the user may take.
 *
 * @public
 */
export function EntityMaskinportenCard(props: EntityMaskinportenCardProps) {
  const { entity } = useEntity();
  const api = useApi(maskinportenApiRef);
  const t = useT();
  const entityRef = stringifyEntityRef(entity);
  // Only a Component can pick up integrations from related resources; anything else
  // without annotations has nothing to ask the backend about.
  const worthAsking = isMaskinportenAvailable(entity) || entity.kind.toLocaleLowerCase('en-US') === 'component';
  const { value, loading, error, retry } = useAsyncRetry(
    async () => (worthAsking ? api.getEntityIntegrations(entityRef) : { items: [], invalid: [] }),
    [api, entityRef, worthAsking],
  );

  let content: JSX.Element;
  if (loading && !value) {
    content = <Progress />;
  } else if (error) {
    // The server's own message names the problem (403, unknown entity, …); the raw panel would add stack noise.
    content = (
      <WarningPanel
        severity="error"
        title={t('card.loadFailed')}
        message={errorMessage(error)}
        defaultExpanded
      />
    );
  } else if (!value || (value.items.length === 0 && value.invalid.length === 0)) {
    content = <MissingAnnotations />;
  } else {
    // The entity's own integration first, then the related ones in the backend's order.
    const items = [...value.items].sort(
      (a, b) => Number(b.entityRef === entityRef) - Number(a.entityRef === entityRef),
    );
    content = (
      <>
        {value.invalid.map(invalid => (
          <Box key={invalid.entityRef} mb={2}>
            <InvalidAnnotations invalid={invalid} />
          </Box>
        ))}
        {items.map((integration, index) => (
          <Box key={`${integration.entityRef}-${integration.environment}`}>
            {index > 0 && <Divider style={{ margin: '16px 0' }} />}
            <IntegrationSection
              integration={integration}
              ownKind={integration.entityRef === entityRef ? entity.kind.toLocaleLowerCase('en-US') : undefined}
              defaultExpanded={items.length === 1}
              onChanged={retry}
            />
          </Box>
        ))}
        {items.length > 0 && (
          <Box mt={2} display="flex" alignItems="center" justifyContent="space-between" flexWrap="wrap" style={{ gap: 8 }}>
            <NextExpiryScanNote />
            <KeyStateLegend />
          </Box>
        )}
      </>
    );
  }

  // h2: the entity page's h1 is the entity's name; integrations are h3, their parts h4.
  return (
    <Box data-testid="maskinporten-card">
      <InfoCard title={props.title ?? t('card.title')} titleTypographyProps={{ component: 'h2' }}>
        {content}
      </InfoCard>
    </Box>
  );
}
