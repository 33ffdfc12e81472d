import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import type { Entity } from '@backstage/catalog-model';
import type { EntityIntegrationsResponse } from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef, type MaskinportenApi } from '../../../api';
import { EntityMaskinportenCard } from '../EntityMaskinportenCard';
import { annotatedEntity } from '../../../testUtils/fixtures';
import { fakeMaskinportenApi } from '../../../testUtils/fakeApi';
import { permissionApiDenying } from '../../../testUtils/permissions';
import { languageApis } from '../../../__testUtils__/translations';

/** The card on `entity` (lonn-service by default), with the named permissions denied. */
export function renderCard(options: {
  api: MaskinportenApi;
  entity?: Entity;
  denied?: string[];
  /** The user's language; the test app's English when absent. */
  language?: 'en' | 'nb';
}) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [maskinportenApiRef, options.api],
        [permissionApiRef, permissionApiDenying(...(options.denied ?? []))],
        ...((options.language ? languageApis(options.language) : []) as any[]),
      ]}
    >
      <EntityProvider entity={options.entity ?? annotatedEntity}>
        <EntityMaskinportenCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/** An API whose card request answers `response`. */
export const respond = (response: Partial<EntityIntegrationsResponse>) =>
  fakeMaskinportenApi({
    getEntityIntegrations: async () => ({ items: [], invalid: [], ...response }),
  });

