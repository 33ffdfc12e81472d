import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { ResponseError } from '@backstage/errors';
import type { Entity } from '@backstage/catalog-model';
import type { EntityIntegrationsResponse } from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef, type MaskinportenApi } from '../../api';
import {
  annotatedEntity,
  makeEntity,
  makeIntegration,
  makeKey,
  makeTokenTest,
} from '../../testUtils/fixtures';
import { fakeMaskinportenApi } from '../../testUtils/fakeApi';
import { permissionApiDenying } from '../../testUtils/permissions';
import { saveJson } from '../../lib/saveJson';
import { EntityMaskinportenCard } from './EntityMaskinportenCard';

jest.mock('../../lib/saveJson', () => ({ saveJson: jest.fn() }));

function renderCard(options: {
  api: MaskinportenApi;
  entity?: Entity;
  denied?: string[];
}) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [maskinportenApiRef, options.api],
        [permissionApiRef, permissionApiDenying(...(options.denied ?? []))],
      ]}
    >
      <EntityProvider entity={options.entity ?? annotatedEntity}>
        <EntityMaskinportenCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

const respond = (response: Partial<EntityIntegrationsResponse>) =>
  fakeMaskinportenApi({
    getEntityIntegrations: async () => ({ items: [], invalid: [], ...response }),
  });

describe('EntityMaskinportenCard', () => {
  beforeEach(() => jest.mocked(saveJson).mockClear());

  it('shows progress while loading', async () => {
    const api = fakeMaskinportenApi({ getEntityIntegrations: () => new Promise(() => {}) });
    await renderCard({ api });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(api.getEntityIntegrations).toHaveBeenCalledWith('component:default/lonn-service');
  });

  it("shows the server's message when the backend fails", async () => {
    const response = new Response(
      JSON.stringify({
        error: { name: 'NotAllowedError', message: 'You may not read integrations of lonn-service' },
        response: { statusCode: 403 },
      }),
      { status: 403, statusText: 'Forbidden', headers: { 'Content-Type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response);
    const api = fakeMaskinportenApi({
      getEntityIntegrations: async () => {
        throw error;
      },
    });
    await renderCard({ api });
    expect(await screen.findByText(/Could not load Maskinporten integrations/)).toBeInTheDocument();
    expect(screen.getByText(/You may not read integrations of lonn-service/)).toBeInTheDocument();
  });

  it('shows the missing-annotation empty state with an example', async () => {
    const api = respond({});
    await renderCard({ api, entity: makeEntity({}, { kind: 'API' }) });
    expect(await screen.findByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(screen.getAllByText(/maskinporten\.no\/client-id/).length).toBeGreaterThan(0);
    expect(screen.getByTestId('annotation-example')).toHaveTextContent(
      'maskinporten.no/scopes: dfo:ansatte dfo:organisasjon',
    );
    // Nothing to ask: an API entity without annotations cannot have related clients.
    expect(api.getEntityIntegrations).not.toHaveBeenCalled();
  });

  it('lists every annotation problem with its fix', async () => {
    const api = respond({
      invalid: [
        {
          entityRef: 'component:default/lonn-service',
          problems: [
            {
              annotation: 'maskinporten.no/environment',
              message: 'Unknown Maskinporten environment "staging".',
              fix: 'Use one of the environments configured under maskinporten.environments: test, prod.',
            },
            {
              annotation: 'maskinporten.no/consumer-org',
              message: '"97476067" is not a 9-digit organisation number.',
              fix: 'Use exactly 9 digits.',
            },
          ],
        },
      ],
    });
    await renderCard({ api });
    const list = await screen.findByTestId('invalid-component:default/lonn-service');
    expect(within(list).getByText('maskinporten.no/environment')).toBeInTheDocument();
    expect(within(list).getByText(/Unknown Maskinporten environment "staging"/)).toBeInTheDocument();
    expect(within(list).getByText(/configured under maskinporten.environments: test, prod/)).toBeInTheDocument();
    expect(within(list).getByText(/not a 9-digit organisation number/)).toBeInTheDocument();
    expect(within(list).getByText('Fix: Use exactly 9 digits.')).toBeInTheDocument();
  });

  it('labels ok, warning, critical and expired keys', async () => {
    const keys = [
      makeKey('kid-ok', 'ok', 200),
      makeKey('kid-warning', 'warning', 23, { state: 'retiring' }),
      makeKey('kid-critical', 'critical', 5, { state: 'pending' }),
      makeKey('kid-expired', 'expired', -3, { state: 'expired' }),
    ];
    const api = respond({ items: [makeIntegration({ keys, activeKid: 'kid-ok' })] });
    await renderCard({ api });

    const expectStatus = async (kid: string, status: string, label: RegExp) => {
      const row = await screen.findByTestId(`key-${kid}`);
      const chip = within(row).getByTestId(`expiry-${status}`);
      expect(chip).toHaveAttribute('aria-label', `Expiry status: ${status}`);
      expect(chip).toHaveTextContent(label);
    };
    await expectStatus('kid-ok', 'ok', /^OK · in (6|7) months$/);
    await expectStatus('kid-warning', 'warning', /Expires soon · in 2[23] days/);
    await expectStatus('kid-critical', 'critical', /Critical · in [45] days/);
    await expectStatus('kid-expired', 'expired', /Expired · 3 days ago/);
    expect(screen.getByLabelText('Key state: pending')).toBeInTheDocument();
    expect(screen.getByLabelText('Key state: retiring')).toBeInTheDocument();
    expect(screen.getByText('client-lonn-test')).toBeInTheDocument();
    expect(screen.getByLabelText('Copy client id')).toBeInTheDocument();
    expect(screen.getByText('Environment: test')).toBeInTheDocument();
  });

  it('says when the expiry scan next looks at the keys', async () => {
    // Half a minute of slack so a slow render still rounds down to 42.
    const nextRunAt = new Date(Date.now() + 42.5 * 60_000).toISOString();
    const api = fakeMaskinportenApi({
      getEntityIntegrations: async () => ({ items: [makeIntegration()], invalid: [] }),
      getExpiryScan: async () => ({ delivery: 'notifications' as const, nextRunAt }),
    });
    await renderCard({ api });
    expect(await screen.findByTestId('next-expiry-scan')).toHaveTextContent(
      /^Next expiry scan in 42 minutes; owners are notified of changes\.$/,
    );
  });

  it('shows the last token test and who ran it', async () => {
    const api = respond({
      items: [
        makeIntegration({
          lastTokenTest: makeTokenTest({ outcome: 'rejected', errorCode: 'MP-121', requestedBy: 'user:default/kari' }),
        }),
      ],
    });
    await renderCard({ api });
    expect(await screen.findByTestId('last-token-test')).toHaveTextContent(
      '1 day ago by user:default/kari: was refused (MP-121)',
    );
  });

  it('names related resources and runs their actions against the resource', async () => {
    const api = respond({
      items: [
        makeIntegration(),
        makeIntegration({
          entityRef: 'resource:default/lonn-prod-client',
          title: 'Lønn prod client',
          environment: 'prod',
          clientId: 'client-lonn-prod',
        }),
      ],
    });
    api.runTokenTest.mockResolvedValue(makeTokenTest({ entityRef: 'resource:default/lonn-prod-client' }));
    await renderCard({ api });
    const related = await screen.findByTestId('integration-resource:default/lonn-prod-client');
    expect(within(related).getByText('Lønn prod client')).toBeInTheDocument();
    await userEvent.click(within(related).getByRole('button', { name: 'Test token' }));
    expect(api.runTokenTest).toHaveBeenCalledWith('resource:default/lonn-prod-client', {});
  });

  it('shows granted scopes and expires_in after a successful token test', async () => {
    const api = respond({ items: [makeIntegration()] });
    api.runTokenTest.mockResolvedValue(
      makeTokenTest({ grantedScopes: ['dfo:ansatte', 'dfo:organisasjon'], expiresIn: 119 }),
    );
    await renderCard({ api });
    await userEvent.click(await screen.findByRole('button', { name: 'Test token' }));
    const result = await screen.findByTestId('token-test-success');
    expect(within(result).getByText(/expires_in\): 119 seconds/)).toBeInTheDocument();
    expect(within(result).getByText('dfo:organisasjon')).toBeInTheDocument();
    expect(within(result).getByText('dfo:ansatte')).toBeInTheDocument();
  });

  it('explains a refused token test with the MP code, meaning and fix', async () => {
    const api = respond({ items: [makeIntegration()] });
    api.runTokenTest.mockResolvedValue(
      makeTokenTest({
        outcome: 'rejected',
        httpStatus: 400,
        errorCode: 'MP-110',
        error: 'invalid_grant',
        message: 'Maskinporten refused the grant (MP-110).',
        meaning: 'The audience (aud) is wrong.',
        fix: 'Set aud to the issuer of the environment, e.g. https://test.maskinporten.no/.',
        grantedScopes: undefined,
        expiresIn: undefined,
      }),
    );
    await renderCard({ api });
    await userEvent.click(await screen.findByRole('button', { name: 'Test token' }));
    const result = await screen.findByTestId('token-test-failure');
    expect(result).toHaveTextContent('Code: MP-110 (HTTP 400)');
    expect(within(result).getByText('The audience (aud) is wrong.')).toBeInTheDocument();
    expect(within(result).getByText(/Set aud to the issuer of the environment/)).toBeInTheDocument();
  });

  it('shows the message for a timeout', async () => {
    const api = respond({ items: [makeIntegration()] });
    api.runTokenTest.mockResolvedValue(
      makeTokenTest({ outcome: 'timeout', message: 'No answer from Maskinporten within 10 s.', grantedScopes: undefined }),
    );
    await renderCard({ api });
    await userEvent.click(await screen.findByRole('button', { name: 'Test token' }));
    expect(await screen.findByText('No answer from Maskinporten within 10 s.')).toBeInTheDocument();
  });

  it('confirms, generates a key and shows the JWK array with instructions', async () => {
    const api = respond({ items: [makeIntegration()] });
    const jwk = { kty: 'RSA' as const, alg: 'RS256' as const, use: 'sig' as const, kid: 'myorg-lonn-test-2', e: 'AQAB', n: 'abc' };
    api.createKey.mockResolvedValue({ key: makeKey('myorg-lonn-test-2', 'unknown', 0, { state: 'pending' }), jwk, jwks: [jwk] });
    await renderCard({ api });
    await userEvent.click(await screen.findByRole('button', { name: 'Generate key' }));
    expect(api.createKey).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Generate' }));
    expect(api.createKey).toHaveBeenCalledWith('component:default/lonn-service');
    expect(await screen.findByTestId('jwks-json')).toHaveTextContent('"kid": "myorg-lonn-test-2"');
    expect(screen.getByLabelText('Copy JWK array')).toBeInTheDocument();
    const steps = within(screen.getByTestId('samarbeidsportalen-steps')).getAllByRole('listitem');
    expect(steps.map(step => step.textContent)).toEqual([
      expect.stringContaining('Open Samarbeidsportalen'),
      expect.stringContaining('integration'),
      expect.stringContaining('keys'),
      expect.stringContaining('Paste the whole JSON array'),
      'Save.',
    ]);
    expect(screen.getByText(/couple of minutes/)).toBeInTheDocument();
  });

  // usePermission caches decisions per request for the whole test file, so each
  // permission test uses an entity no other test has asked about.
  it('hides each action whose permission is denied', async () => {
    const entityRef = 'component:default/denied-key-create';
    const api = respond({ items: [makeIntegration({ entityRef })] });
    await renderCard({ api, denied: ['maskinporten.key.create'] });
    expect(await screen.findByRole('button', { name: 'Test token' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download Gravitee definition' })).toBeEnabled();
    expect(screen.queryByRole('button', { name: 'Generate key' })).not.toBeInTheDocument();
  });

  it('offers the Gravitee download without the export permission, but not the inline key', async () => {
    const entityRef = 'component:default/denied-export';
    const api = respond({ items: [makeIntegration({ entityRef })] });
    await renderCard({ api, denied: ['maskinporten.gravitee.export', 'maskinporten.token.test'] });
    expect(await screen.findByRole('button', { name: 'Generate key' })).toBeInTheDocument();
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
    // No secret-reference option: Gravitee's Generate JWT policy never resolves one.
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
      getGraviteeDeployment: async () => ({ apiId: 'api-123', status: 'STARTED' }),
    });
    await renderCard({ api, denied: ['maskinporten.gravitee.export'] });
    expect(await screen.findByTestId('gravitee-last-deployment')).toHaveTextContent(
      'Last Gravitee deploy: STARTED (API api-123)',
    );
    expect(screen.queryByRole('button', { name: 'Deploy to Gravitee' })).not.toBeInTheDocument();
  });

  it('confirms and deploys when configured, showing the status and API id', async () => {
    const entityRef = 'component:default/deploy-ok';
    let deployed = false;
    const api = fakeMaskinportenApi({
      getEntityIntegrations: async () => ({ items: [makeIntegration({ entityRef })], invalid: [] }),
      getGraviteeStatus: async () => ({ deployConfigured: true, deployFormat: 'v4' as const }),
      getGraviteeDeployment: async () => (deployed ? { apiId: 'api-9', status: 'STARTED' } : undefined),
      deployGravitee: async () => {
        deployed = true;
        return { apiId: 'api-9', status: 'STARTED', format: 'v4' as const, created: true };
      },
    });
    await renderCard({ api });
    await userEvent.click(await screen.findByRole('button', { name: 'Deploy to Gravitee' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/Deploy the v4 token service/)).toBeInTheDocument();
    expect(api.deployGravitee).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Deploy' }));
    expect(await within(dialog).findByText(/Created API api-9 \(v4\): STARTED/)).toBeInTheDocument();
    expect(api.deployGravitee).toHaveBeenCalledWith(entityRef);
    expect(await screen.findByTestId('gravitee-last-deployment')).toHaveTextContent('STARTED (API api-9)');
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
