import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { identityApiRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { IntegrationListQuery } from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import { makeIntegration, makeTokenTest } from '../../testUtils/fixtures';
import { fakeMaskinportenApi } from '../../testUtils/fakeApi';
import { MaskinportenPage } from './MaskinportenPage';

const lonn = makeIntegration();
const folkeregister = makeIntegration({
  entityRef: 'component:default/folkeregister-sync',
  title: 'folkeregister-sync',
  owner: 'group:default/team-folkeregister',
  clientId: 'client-freg-prod',
  environment: 'prod',
  scopes: ['folkeregister:deling/offentligmedhjemmel'],
});

function setup() {
  const api = fakeMaskinportenApi({
    listIntegrations: async (query: IntegrationListQuery) =>
      query.cursor
        ? { items: [folkeregister] }
        : { items: [lonn], nextCursor: 'cursor-page-2' },
  });
  const identity = mockApis.identity({
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: ['user:default/guest', 'group:default/team-lonn'],
  });
  const render = () =>
    renderInTestApp(
      <TestApiProvider
        apis={[
          [maskinportenApiRef, api],
          [identityApiRef, identity],
        ]}
      >
        <MaskinportenPage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
  return { api, render };
}

const lastQuery = (api: ReturnType<typeof setup>['api']) =>
  api.listIntegrations.mock.calls[api.listIntegrations.mock.calls.length - 1][0];

describe('MaskinportenPage', () => {
  it('lists the first page with a link to each entity', async () => {
    const { api, render } = setup();
    await render();
    const row = await screen.findByTestId('row-component:default/lonn-service');
    expect(within(row).getByRole('link', { name: /lonn-service/ })).toHaveAttribute(
      'href',
      '/catalog/default/component/lonn-service',
    );
    expect(within(row).getByText('client-lonn-test')).toBeInTheDocument();
    expect(within(row).getByTestId('expiry-ok')).toBeInTheDocument();
    expect(api.listIntegrations).toHaveBeenCalledTimes(1);
    expect(api.listIntegrations).toHaveBeenCalledWith({ limit: 25 });
  });

  it('pages forward with the server cursor and back without it', async () => {
    const { api, render } = setup();
    await render();
    await screen.findByTestId('row-component:default/lonn-service');
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByTestId('row-component:default/folkeregister-sync');
    expect(lastQuery(api)).toEqual({ limit: 25, cursor: 'cursor-page-2' });
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    expect(screen.getByText('Page 2')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    await screen.findByTestId('row-component:default/lonn-service');
    expect(lastQuery(api)).toEqual({ limit: 25 });
  });

  it('sends every filter as a query parameter and starts again from page one', async () => {
    const { api, render } = setup();
    await render();
    await screen.findByTestId('row-component:default/lonn-service');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByTestId('row-component:default/folkeregister-sync');

    await userEvent.click(screen.getByRole('checkbox', { name: 'Owned by me' }));
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({
        limit: 25,
        owner: ['user:default/guest', 'group:default/team-lonn'],
      }),
    );

    await userEvent.click(screen.getByRole('button', { name: /Environment/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'prod' }));
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ environment: 'prod' }));

    fireEvent.change(screen.getByLabelText('Expires within days'), { target: { value: '30' } });
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ expiresWithinDays: 30 }));

    await userEvent.type(screen.getByLabelText('Search integrations'), 'dfo');
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({
        limit: 25,
        owner: ['user:default/guest', 'group:default/team-lonn'],
        environment: 'prod',
        expiresWithinDays: 30,
        q: 'dfo',
      }),
    );
    // Debounced: no request for the partial words "d" and "df".
    const queries = api.listIntegrations.mock.calls.map(([query]) => query.q);
    expect(queries).not.toContain('d');
    expect(queries).not.toContain('df');
    // A stale cursor never travels with a new filter.
    expect(
      api.listIntegrations.mock.calls.filter(([query]) => query.cursor && Object.keys(query).length > 2),
    ).toEqual([]);
  });

  it('tests the selected integrations and shows each outcome', async () => {
    const { api, render } = setup();
    api.listIntegrations.mockResolvedValue({ items: [lonn, folkeregister] });
    api.runTokenTest.mockImplementation(async entityRef =>
      entityRef === lonn.entityRef
        ? makeTokenTest()
        : makeTokenTest({
            entityRef,
            outcome: 'rejected',
            errorCode: 'MP-200',
            meaning: 'A requested scope is not registered on the client.',
          }),
    );
    await render();
    await screen.findByTestId('row-component:default/lonn-service');
    expect(screen.getByRole('button', { name: /Test selected/ })).toBeDisabled();

    await userEvent.click(screen.getByRole('checkbox', { name: 'Select all on this page' }));
    await userEvent.click(screen.getByRole('button', { name: 'Test selected (2)' }));

    const lonnRow = screen.getByTestId('row-component:default/lonn-service');
    const fregRow = screen.getByTestId('row-component:default/folkeregister-sync');
    expect(await within(lonnRow).findByLabelText('Token test: Success')).toBeInTheDocument();
    expect(await within(fregRow).findByLabelText('Token test: Failed: MP-200')).toBeInTheDocument();
    expect(api.runTokenTest).toHaveBeenCalledTimes(2);
    expect(api.runTokenTest).toHaveBeenCalledWith('component:default/folkeregister-sync', {});
  });

  it('refreshes the index, then reloads the list', async () => {
    const { api, render } = setup();
    await render();
    await screen.findByTestId('row-component:default/lonn-service');
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(api.listIntegrations).toHaveBeenCalledTimes(2));
    expect(api.refreshIntegrations).toHaveBeenCalledTimes(1);
  });

  it("shows the server's message when listing fails", async () => {
    const { api, render } = setup();
    api.listIntegrations.mockRejectedValue(new Error('cursor: not a cursor returned by this API'));
    await render();
    expect(await screen.findByText('cursor: not a cursor returned by this API')).toBeInTheDocument();
  });

  it('offers the Gravitee lint panel below the table', async () => {
    const { api, render } = setup();
    api.lintGraviteeDefinition.mockResolvedValue({ version: 'v2', findings: [] });
    await render();
    await screen.findByTestId('row-component:default/lonn-service');
    await userEvent.click(screen.getByRole('button', { name: 'Lint a Gravitee definition' }));
    fireEvent.change(await screen.findByRole('textbox', { name: 'Gravitee definition (JSON)' }), {
      target: { value: '{"gravitee": "2.0.0"}' },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Lint' }));
    expect(await screen.findByText('No findings in this v2 definition.')).toBeInTheDocument();
    expect(api.lintGraviteeDefinition).toHaveBeenCalledWith({ gravitee: '2.0.0' });
  });
});
