import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { mockApis, renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { identityApiRef } from '@backstage/core-plugin-api';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { annotatedEntity, makeEntity, makeIntegration } from './testUtils/fixtures';
import { fakeMaskinportenApi } from './testUtils/fakeApi';
import { permissionApiDenying } from './testUtils/permissions';
import {
  EntityMaskinportenCard,
  MaskinportenPage,
  isMaskinportenAvailable,
  maskinportenApiRef,
  maskinportenPlugin,
} from './legacy';

describe('legacy frontend system', () => {
  it('exports the plugin and the availability check', () => {
    expect(maskinportenPlugin.getId()).toBe('maskinporten');
    expect(Array.from(maskinportenPlugin.getApis(), factory => factory.api.id)).toEqual([
      'plugin.maskinporten.service',
    ]);
    expect(isMaskinportenAvailable(annotatedEntity)).toBe(true);
    expect(isMaskinportenAvailable(makeEntity({}))).toBe(false);
  });

  it('renders EntityMaskinportenCard in a legacy app', async () => {
    const api = fakeMaskinportenApi({
      getEntityIntegrations: async () => ({ items: [makeIntegration()], invalid: [] }),
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [maskinportenApiRef, api],
          [permissionApiRef, permissionApiDenying()],
        ]}
      >
        <EntityProvider entity={annotatedEntity}>
          <EntityMaskinportenCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect((await screen.findAllByText('client-lonn-test')).length).toBeGreaterThan(0);
    expect(screen.getByRole('heading', { level: 2, name: 'Maskinporten' })).toBeInTheDocument();
  });

  it('renders MaskinportenPage as a routable extension', async () => {
    const api = fakeMaskinportenApi({
      listIntegrations: async () => ({ items: [makeIntegration()] }),
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [maskinportenApiRef, api],
          [identityApiRef, mockApis.identity()],
        ]}
      >
        {/* Legacy apps mount routable extensions on a Route with a path, as here. */}
        <Routes>
          <Route path="/maskinporten" element={<MaskinportenPage />} />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/maskinporten'],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(await screen.findByTestId('row-component:default/lonn-service')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Maskinporten' })).toBeInTheDocument();
  });
});
