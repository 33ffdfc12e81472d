import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { ApiBlueprint } from '@backstage/frontend-plugin-api';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { maskinportenApiRef } from '../api';
import { annotatedEntity, makeEntity, makeIntegration } from '../testUtils/fixtures';
import { fakeMaskinportenApi } from '../testUtils/fakeApi';
import { permissionApiDenying } from '../testUtils/permissions';
import plugin from '../index';
import { FormFieldBlueprint, scaffolderTemplateOutputsBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import {
  maskinportenApi,
  maskinportenScopePickerFormField,
  maskinportenEntityCard,
  maskinportenPage,
  maskinportenTemplateOutputs,
} from './extensions';

describe('new frontend system', () => {
  it('exports a plugin with the id, API, page and card', () => {
    expect(plugin.pluginId).toBe('maskinporten');
    const factory = createExtensionTester(maskinportenApi).get(ApiBlueprint.dataRefs.factory);
    expect(factory.api.id).toBe('plugin.maskinporten.service');
  });

  it('renders the entity card and filters it to applicable entities', async () => {
    const api = fakeMaskinportenApi({
      getEntityIntegrations: async () => ({ items: [makeIntegration()], invalid: [] }),
    });
    const tester = createExtensionTester(maskinportenEntityCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter?.(annotatedEntity)).toBe(true);
    expect(filter?.(makeEntity({}))).toBe(false);

    renderInTestApp(
      <TestApiProvider
        apis={[
          [maskinportenApiRef, api],
          [permissionApiRef, permissionApiDenying()],
        ]}
      >
        <EntityProvider entity={annotatedEntity}>{tester.reactElement()}</EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect((await screen.findAllByText('client-lonn-test')).length).toBeGreaterThan(0);
    expect(api.getEntityIntegrations).toHaveBeenCalledWith('component:default/lonn-service');
  });

  it('renders the page at /maskinporten', async () => {
    const api = fakeMaskinportenApi({
      listIntegrations: async () => ({ items: [makeIntegration()] }),
    });
    renderInTestApp(
      <TestApiProvider
        apis={[
          [maskinportenApiRef, api],
          mockApis.identity({ userEntityRef: 'user:default/guest' }),
        ]}
      >
        {createExtensionTester(maskinportenPage).reactElement()}
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByTestId('row-component:default/lonn-service')).toBeInTheDocument();
    expect(api.listIntegrations).toHaveBeenCalledWith({ limit: 25 });
  });

  it("gives the template's result page to the shipped templates, or the configured ones", () => {
    const refs = scaffolderTemplateOutputsBlueprint.dataRefs.templateRefs;
    expect(createExtensionTester(maskinportenTemplateOutputs).get(refs)).toEqual([
      'template:default/maskinporten-integration',
      'template:default/maskinporten-integration-nb',
    ]);
    expect(
      createExtensionTester(maskinportenTemplateOutputs, {
        config: { templateRefs: ['template:platform/maskinporten'] },
      }).get(refs),
    ).toEqual(['template:platform/maskinporten']);
  });

  it('adds the scope picker to the scaffolder as a form field', async () => {
    const loader = createExtensionTester(maskinportenScopePickerFormField).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );
    const field = (await loader()) as any;
    expect(field).toBeDefined();
  });
});
