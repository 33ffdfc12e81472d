import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { identityApiRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef, type PermissionApi } from '@backstage/plugin-permission-react';
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

/** Allows the token test on the named entities only, as isEntityOwner would for the guest. */
function permissionsAllowing(entityRefs: string[]): PermissionApi {
  return {
    authorize: async request =>
      ({ result: entityRefs.includes(request.resourceRef ?? '') ? 'ALLOW' : 'DENY' }) as Awaited<
        ReturnType<PermissionApi['authorize']>
      >,
  };
}

function setup(options: { initialPath?: string; testable?: string[] } = {}) {
  const permissionApi = permissionsAllowing(options.testable ?? [lonn.entityRef]);
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
          [permissionApiRef, permissionApi],
        ]}
      >
        <MaskinportenPage />
      </TestApiProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        routeEntries: [options.initialPath ?? '/maskinporten'],
      },
    );
  return { api, render };
}

const lastQuery = (api: ReturnType<typeof setup>['api']) =>
  api.listIntegrations.mock.calls[api.listIntegrations.mock.calls.length - 1][0];

describe('MaskinportenPage', () => {
  it('lists the first page with the entity and owner as links', async () => {
    const { api, render } = setup();
    await render();
    const row = await screen.findByTestId('row-component:default/lonn-service');
    expect(within(row).getByRole('link', { name: /lonn-service/ })).toHaveAttribute(
      'href',
      '/catalog/default/component/lonn-service',
    );
    expect(within(row).getByRole('link', { name: 'team-lonn' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-lonn',
    );
    expect(within(row).getByText('test · client-lonn-test')).toBeInTheDocument();
    expect(within(row).getByTestId('expiry-ok')).toBeInTheDocument();
    expect(within(row).getByText(/^Expires in/)).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Key expiry' })).toBeInTheDocument();
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

    fireEvent.change(screen.getByLabelText('Expires within (days)'), { target: { value: '30' } });
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ expiresWithinDays: 30 }));

    await userEvent.type(screen.getByLabelText('Search'), 'dfo');
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

  it('reads the filters from the URL and clears them with one button', async () => {
    const { api, render } = setup({ initialPath: '/maskinporten?env=prod&within=30&q=dfo&mine=1' });
    await render();
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({
        limit: 25,
        owner: ['user:default/guest', 'group:default/team-lonn'],
        environment: 'prod',
        expiresWithinDays: 30,
        q: 'dfo',
      }),
    );
    expect(screen.getByLabelText('Search')).toHaveValue('dfo');
    expect(screen.getByLabelText('Expires within (days)')).toHaveValue(30);
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(lastQuery(api)).toEqual({ limit: 25 }));
    expect(screen.getByLabelText('Search')).toHaveValue('');
    expect(screen.queryByRole('button', { name: 'Clear filters' })).not.toBeInTheDocument();
  });

  it('refuses a negative "expires within" visibly and does not send it', async () => {
    const { api, render } = setup();
    await render();
    await screen.findByTestId('row-component:default/lonn-service');
    fireEvent.change(screen.getByLabelText('Expires within (days)'), { target: { value: '-5' } });
    expect(await screen.findByText('Days cannot be negative: not applied')).toBeInTheDocument();
    expect(screen.getByLabelText('Expires within (days)')).toHaveAttribute('aria-invalid', 'true');
    expect(api.listIntegrations.mock.calls.some(([query]) => query.expiresWithinDays !== undefined)).toBe(false);
  });

  it('tests the selected integrations and shows each outcome', async () => {
    const lonnTest = makeIntegration({ entityRef: 'resource:default/lonn-test', title: 'lonn-test' });
    // lonn-service and lonn-test are the guest's to test; folkeregister-sync is not.
    const { api, render } = setup({ testable: [lonn.entityRef, lonnTest.entityRef] });
    api.listIntegrations.mockResolvedValue({ items: [lonn, lonnTest, folkeregister] });
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
    // Not the guest's: its box cannot be ticked, and says why.
    expect(
      await screen.findByRole('checkbox', { name: 'folkeregister-sync: only its owners can test it' }),
    ).toBeDisabled();

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Select every integration on this page that you may test' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Test selected (2)' }));

    const lonnRow = screen.getByTestId('row-component:default/lonn-service');
    const testRow = screen.getByTestId('row-resource:default/lonn-test');
    expect(await within(lonnRow).findByText('Succeeded just now')).toBeInTheDocument();
    expect(await within(testRow).findByText('Refused (MP-200)')).toBeInTheDocument();
    // The reason is written in the row, not only in a tooltip.
    expect(within(testRow).getByTestId('bulk-test-reason')).toHaveTextContent(
      'A requested scope is not registered on the client.',
    );
    expect(api.runTokenTest).toHaveBeenCalledTimes(2);
    expect(api.runTokenTest).not.toHaveBeenCalledWith('component:default/folkeregister-sync', {});
  });

  it("writes why a bulk test could not run in the row, naming the integration by its title", async () => {
    const { api, render } = setup();
    api.runTokenTest.mockRejectedValue(new Error('component:default/lonn-service has no client id yet.'));
    await render();
    const row = await screen.findByTestId('row-component:default/lonn-service');
    await userEvent.click(await within(row).findByRole('checkbox', { name: 'Select lonn-service for the token test' }));
    await userEvent.click(screen.getByRole('button', { name: 'Test selected (1)' }));
    expect(await within(row).findByText('Could not run')).toBeInTheDocument();
    expect(within(row).getByTestId('bulk-test-reason')).toHaveTextContent(/^lonn-service has no client id yet\.$/);
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
