import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { makeGraviteeDeployment, makeGraviteeDeployResponse, makeIntegration } from '../../testUtils/fixtures';
import { fakeMaskinportenApi } from '../../testUtils/fakeApi';
import { renderCard, respond } from './__testUtils__/renderCard';
import { saveJson } from '../../lib/saveJson';

jest.mock('../../lib/saveJson', () => ({ saveJson: jest.fn() }));

describe('EntityMaskinportenCard: permissions and Gravitee actions', () => {
  beforeEach(() => jest.mocked(saveJson).mockClear());

  // usePermission caches decisions per request for the whole test file, so each
  // permission test uses an entity no other test has asked about.
  it('hides each action whose permission is denied', async () => {
    const entityRef = 'component:default/denied-key-create';
    const api = respond({ items: [makeIntegration({ entityRef })] });
    await renderCard({ api, denied: ['maskinporten.key.create'] });
    expect(await screen.findByRole('button', { name: 'Test token' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download Gravitee definition' })).toBeEnabled();
    expect(screen.queryByRole('button', { name: 'Rotate key' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show JWK array' })).not.toBeInTheDocument();
  });

  it('offers the Gravitee download without the export permission, but not the inline key', async () => {
    const entityRef = 'component:default/denied-export';
    const api = respond({ items: [makeIntegration({ entityRef })] });
    await renderCard({ api, denied: ['maskinporten.gravitee.export', 'maskinporten.token.test'] });
    expect(await screen.findByRole('button', { name: 'Rotate key' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Test token' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Download Gravitee definition' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('radio', { name: 'Placeholder' })).toBeChecked();
    expect(within(dialog).queryByRole('radio', { name: 'Secret reference' })).not.toBeInTheDocument();
    expect(within(dialog).queryByRole('radio', { name: 'Inline private key' })).not.toBeInTheDocument();
  });

  it('offers the inline key with the export permission and warns about it', async () => {
    const entityRef = 'component:default/allowed-export';
    const api = respond({ items: [makeIntegration({ entityRef })] });
    await renderCard({ api });
    await userEvent.click(await screen.findByRole('button', { name: 'Download Gravitee definition' }));
    const dialog = await screen.findByRole('dialog');
    const inline = await within(dialog).findByRole('radio', { name: 'Inline private key' });
    expect(within(dialog).queryByText(/will contain the private key/)).not.toBeInTheDocument();
    await userEvent.click(inline);
    expect(within(dialog).getByText(/will contain the private key/)).toBeInTheDocument();
  });

  it('downloads the chosen format and secret mode under the server-suggested name', async () => {
    const entityRef = 'resource:default/download-v4';
    const definition = { api: { name: 'lonn-token-service' } };
    const api = fakeMaskinportenApi({
      getEntityIntegrations: async () => ({ items: [makeIntegration({ entityRef })], invalid: [] }),
      getGraviteeDefinition: async () => ({ definition, filename: 'lonn-prod-gravitee-v4.json' }),
    });
    await renderCard({ api });
    await userEvent.click(await screen.findByRole('button', { name: 'Download Gravitee definition' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('radio', { name: 'APIM 4.x, v2 API' })).toBeChecked();
    await userEvent.click(within(dialog).getByRole('radio', { name: 'V4 proxy API' }));
    expect(within(dialog).queryByRole('radio', { name: 'Secret reference' })).not.toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('radio', { name: 'Placeholder' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Download' }));
    await waitFor(() => expect(saveJson).toHaveBeenCalledWith('lonn-prod-gravitee-v4.json', definition));
    expect(api.getGraviteeDefinition).toHaveBeenCalledWith(entityRef, { format: 'v4', secrets: 'placeholder' });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it("keeps the dialog open with the server's message when the download fails", async () => {
    const entityRef = 'resource:default/download-fails';
    const api = fakeMaskinportenApi({
      getEntityIntegrations: async () => ({ items: [makeIntegration({ entityRef })], invalid: [] }),
      getGraviteeDefinition: async () => {
        throw new Error('No active key for lonn-prod');
      },
    });
    await renderCard({ api });
    await userEvent.click(await screen.findByRole('button', { name: 'Download Gravitee definition' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Download' }));
    expect(await screen.findByText('No active key for lonn-prod')).toBeInTheDocument();
    expect(saveJson).not.toHaveBeenCalled();
  });

  it('hides the deploy button when deploy is not configured', async () => {
    const entityRef = 'component:default/deploy-unconfigured';
    const api = respond({ items: [makeIntegration({ entityRef })] });
    await renderCard({ api });
    expect(await screen.findByRole('button', { name: 'Download Gravitee definition' })).toBeInTheDocument();
    await waitFor(() => expect(api.getGraviteeStatus).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: 'Deploy to Gravitee' })).not.toBeInTheDocument();
    expect(api.getGraviteeDeployment).not.toHaveBeenCalled();
  });

  it('hides the deploy button without the export permission but shows the last deployment', async () => {
    const entityRef = 'component:default/deploy-denied';
    const api = fakeMaskinportenApi({
      getEntityIntegrations: async () => ({ items: [makeIntegration({ entityRef })], invalid: [] }),
      getGraviteeStatus: async () => ({ deployConfigured: true, deployFormat: 'v4' as const }),
      getGraviteeDeployment: async () => makeGraviteeDeployment({ entityRef, apiId: 'api-123' }),
    });
    await renderCard({ api, denied: ['maskinporten.gravitee.export'] });
    expect(await screen.findByTestId('gravitee-last-deployment')).toHaveTextContent(
      'Last Gravitee deploy: deployed (API api-123)',
    );
    expect(screen.queryByRole('button', { name: 'Deploy to Gravitee' })).not.toBeInTheDocument();
  });

  it('confirms and deploys when configured, showing the status and API id', async () => {
    const entityRef = 'component:default/deploy-ok';
    let deployed = false;
    const api = fakeMaskinportenApi({
      getEntityIntegrations: async () => ({ items: [makeIntegration({ entityRef })], invalid: [] }),
      getGraviteeStatus: async () => ({ deployConfigured: true, deployFormat: 'v4' as const }),
      getGraviteeDeployment: async () => (deployed ? makeGraviteeDeployment({ entityRef }) : undefined),
      deployGravitee: async () => {
        deployed = true;
        return makeGraviteeDeployResponse();
      },
    });
    await renderCard({ api });
    await userEvent.click(await screen.findByRole('button', { name: 'Deploy to Gravitee' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/Deploy the v4 token service/)).toBeInTheDocument();
    expect(api.deployGravitee).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Deploy' }));
    expect(await within(dialog).findByText(/Created API api-9 \(v4\): deployed/)).toBeInTheDocument();
    expect(api.deployGravitee).toHaveBeenCalledWith(entityRef);
    expect(await screen.findByTestId('gravitee-last-deployment')).toHaveTextContent('deployed (API api-9)');
  });

  it("shows the server's message when the deploy fails", async () => {
    const entityRef = 'component:default/deploy-fails';
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'ServiceUnavailableError', message: 'Gravitee management API answered 401' },
          response: { statusCode: 503 },
        }),
        { status: 503, statusText: 'Service Unavailable', headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const api = fakeMaskinportenApi({
      getEntityIntegrations: async () => ({ items: [makeIntegration({ entityRef })], invalid: [] }),
      getGraviteeStatus: async () => ({ deployConfigured: true, deployFormat: 'v2' as const }),
      deployGravitee: async () => {
        throw error;
      },
    });
    await renderCard({ api });
    await userEvent.click(await screen.findByRole('button', { name: 'Deploy to Gravitee' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Deploy' }));
    expect(await screen.findByText(/Deploy failed: Gravitee management API answered 401/)).toBeInTheDocument();
  });
});
