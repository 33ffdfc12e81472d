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
import { NextExpiryScanNote } from '../ExpiryScanPanel';
import { IntegrationDetails } from './IntegrationDetails';
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
        title="Could not load Maskinporten integrations"
        message={errorMessage(error)}
        defaultExpanded
      />
    );
  } else if (!value || (value.items.length === 0 && value.invalid.length === 0)) {
    content = <MissingAnnotations />;
  } else {
    content = (
      <>
        {value.invalid.map(invalid => (
          <Box key={invalid.entityRef} mb={2}>
            <InvalidAnnotations invalid={invalid} />
          </Box>
        ))}
        {value.items.map((integration, index) => (
          <Box key={`${integration.entityRef}-${integration.environment}`}>
            {index > 0 && <Divider style={{ margin: '16px 0' }} />}
            <IntegrationDetails
              integration={integration}
              isCurrentEntity={integration.entityRef === entityRef}
              onChanged={retry}
            />
          </Box>
        ))}
        {value.items.length > 0 && (
          <Box mt={2}>
            <NextExpiryScanNote />
          </Box>
        )}
      </>
    );
  }

  return <InfoCard title={props.title ?? 'Maskinporten'}>{content}</InfoCard>;
}
