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

  it('titles the card h2, each integration h3 with the own one named, and collapses several', async () => {
    const api = respond({
      items: [
        makeIntegration({
          entityRef: 'resource:default/lonn-prod-client',
          title: 'Lønn prod client',
          environment: 'prod',
          clientId: 'client-lonn-prod',
        }),
        makeIntegration({ title: 'Lønn service' }),
      ],
    });
    await renderCard({ api });
    expect(await screen.findByRole('heading', { level: 2, name: 'Maskinporten' })).toBeInTheDocument();
    const headings = screen.getAllByRole('heading', { level: 3 }).map(h => h.textContent);
    // The entity's own integration first, named like the related one.
    expect(headings).toEqual(['Lønn service (this component)', 'Lønn prod client']);
    const related = screen.getByTestId('integration-resource:default/lonn-prod-client');
    expect(within(related).getByRole('link', { name: 'Lønn prod client' })).toBeInTheDocument();
    // Summary rows only; details on demand.
    expect(within(related).getByText('Environment: prod')).toBeVisible();
    const details = within(related).getByRole('button', { name: 'Details' });
    expect(details).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(details);
    expect(within(related).getByRole('button', { name: 'Hide details' })).toHaveAttribute('aria-expanded', 'true');
    expect(within(related).getByRole('heading', { level: 4, name: 'Keys' })).toBeInTheDocument();
  });

  it('labels key states and expiry in words, and never shows a revoked key as OK', async () => {
    const keys = [
      makeKey('kid-ok', 'ok', 200),
      makeKey('kid-warning', 'warning', 23, { state: 'retiring' }),
      makeKey('kid-critical', 'critical', 5, { state: 'pending' }),
      makeKey('kid-expired', 'expired', -35, { state: 'expired' }),
      makeKey('kid-revoked', 'ok', 300, { state: 'revoked' }),
    ];
    const api = respond({ items: [makeIntegration({ keys, activeKid: 'kid-ok' })] });
    await renderCard({ api });

    const row = async (kid: string) => screen.findByTestId(`key-${kid}`);
    expect(within(await row('kid-ok')).getByTestId('expiry-ok')).toHaveTextContent('OK');
    expect(within(await row('kid-ok')).getByTestId('key-state-signing')).toBeInTheDocument();
    expect(await row('kid-ok')).toHaveTextContent(/Expires in (6|7) months/);
    expect(within(await row('kid-warning')).getByTestId('key-state-retiring')).toBeInTheDocument();
    expect(within(await row('kid-critical')).getByTestId('expiry-critical')).toHaveTextContent('Critical');
    expect(within(await row('kid-critical')).getByTestId('key-state-pending')).toBeInTheDocument();
    expect(await row('kid-expired')).toHaveTextContent(/Expired 35 days ago/);
    expect(within(await row('kid-expired')).getByTestId('expiry-expired')).toHaveTextContent('Expired');
    const revoked = await row('kid-revoked');
    expect(within(revoked).getByTestId('key-state-revoked')).toBeInTheDocument();
    expect(within(revoked).queryByTestId('expiry-ok')).not.toBeInTheDocument();
    expect(revoked).toHaveTextContent('Revoked; Maskinporten no longer accepts it.');
    expect(screen.getAllByText('client-lonn-test').length).toBeGreaterThan(0);
    expect(screen.getByLabelText('Copy client id')).toBeInTheDocument();
    expect(screen.getByText('Environment: test')).toBeInTheDocument();
  });

  it('explains every key state in one legend', async () => {
    await renderCard({ api: respond({ items: [makeIntegration()] }) });
    await userEvent.click(await screen.findByRole('button', { name: 'What do the key states mean?' }));
    const legend = screen.getByTestId('key-state-legend');
    expect(within(legend).getAllByRole('term').map(term => term.textContent)).toEqual([
      'pending',
      'active',
      'signing',
      'retiring',
      'revoked',
      'expired',
    ]);
    expect(legend).toHaveTextContent(/Withdrawn before its expiry/);
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

  it('shows the last token test and who ran it by name', async () => {
    const api = respond({
      items: [
        makeIntegration({
          lastTokenTest: makeTokenTest({ outcome: 'rejected', errorCode: 'MP-121', requestedBy: 'user:default/kari' }),
        }),
      ],
    });
    await renderCard({ api });
    const summaries = await screen.findAllByTestId('last-token-test');
    expect(summaries[0]).toHaveTextContent('Refused (MP-121) 1 day ago, run by kari');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).not.toHaveTextContent('user:default');
  });

  it('tells a non-owner who owns the integration instead of offering key actions', async () => {
    const entityRef = 'resource:default/not-mine';
    const api = respond({
      items: [makeIntegration({ entityRef, owner: 'group:default/team-folkeregister', keys: [], activeKid: undefined })],
    });
    await renderCard({ api, denied: ['maskinporten.key.create', 'maskinporten.token.test'] });
    const note = await screen.findByTestId('owner-note');
    expect(note).toHaveTextContent(/Owned by team-folkeregister: ask them to rotate its keys or fix a failing token/);
    expect(within(note).getByRole('link', { name: 'team-folkeregister' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-folkeregister',
    );
    expect(screen.getByText('No keys yet. The owner creates them.')).toBeInTheDocument();
    for (const name of ['Generate key', 'Rotate key', 'Create key', 'Show JWK array', 'Test token']) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
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
    await userEvent.click(within(related).getByRole('button', { name: 'Details' }));
    await userEvent.click(await within(related).findByRole('button', { name: 'Test token' }));
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

  it('generates the first key of a client-less integration and shows the JWK array again after closing', async () => {
    const jwk = { kty: 'RSA' as const, alg: 'RS256' as const, use: 'sig' as const, kid: 'myorg-lonn-test-2', e: 'AQAB', n: 'abc' };
    const pendingKey = makeKey('myorg-lonn-test-2', 'ok', 365, { state: 'pending' });
    let generated = false;
    const api = fakeMaskinportenApi({
      getEntityIntegrations: async () => ({
        items: [
          makeIntegration({
            clientId: undefined,
            keys: generated ? [pendingKey] : [],
            activeKid: generated ? pendingKey.kid : undefined,
          }),
        ],
        invalid: [],
      }),
      createKey: async () => {
        generated = true;
        return { key: pendingKey, jwk, jwks: [jwk] };
      },
      getJwks: async () => [jwk],
    });
    await renderCard({ api });
    // No client yet: nothing to rotate, and no Gravitee definition without one.
    expect(screen.queryByRole('button', { name: 'Rotate key' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Download Gravitee definition' })).not.toBeInTheDocument();
    await userEvent.click(await screen.findByRole('button', { name: 'Generate key' }));
    expect(api.createKey).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Generate' }));
    expect(api.createKey).toHaveBeenCalledWith('component:default/lonn-service');
    const jwks = await screen.findByTestId('jwks-json');
    expect(jwks).toHaveTextContent('JWK array (1 key)');
    expect(jwks).toHaveTextContent('"kid": "myorg-lonn-test-2"');
    expect(within(jwks).getByRole('button', { name: 'Copy JWK array' })).toBeInTheDocument();
    const steps = within(screen.getByTestId('samarbeidsportalen-steps')).getAllByRole('listitem');
    expect(steps.map(step => step.textContent)).toEqual([
      expect.stringContaining('Open Samarbeidsportalen'),
      expect.stringContaining('Create a new Maskinporten integration'),
      expect.stringContaining('paste the whole JWK array'),
      expect.stringContaining('maskinporten.no/client-id'),
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    // The dead end this closes: the array is one click away for as long as the key exists.
    await userEvent.click(await screen.findByRole('button', { name: 'Show JWK array' }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByTestId('jwks-json')).toHaveTextContent('"kid": "myorg-lonn-test-2"');
    expect(within(dialog).getByTestId('pending-upload')).toHaveTextContent('Not confirmed yet: myorg-lonn-test-2.');
    expect(api.getJwks).toHaveBeenCalledWith('component:default/lonn-service');
  });

  it('explains MP-100 with an unuploaded key as the missing upload, with the JWK array at hand', async () => {
    const pendingKey = makeKey('myorg-lonn-test-2', 'ok', 365, { state: 'pending' });
    const jwk = { kty: 'RSA' as const, alg: 'RS256' as const, use: 'sig' as const, kid: pendingKey.kid, e: 'AQAB', n: 'abc' };
    const api = fakeMaskinportenApi({
      getEntityIntegrations: async () => ({
        items: [makeIntegration({ keys: [pendingKey], activeKid: pendingKey.kid })],
        invalid: [],
      }),
      runTokenTest: async () =>
        makeTokenTest({
          outcome: 'rejected',
          kid: pendingKey.kid,
          httpStatus: 400,
          errorCode: 'MP-100',
          error: 'invalid_grant',
          message: 'Maskinporten (test) refused the grant: invalid_grant MP-100. Client authentication failed.',
          meaning: 'Client authentication failed: the client id is unknown in this environment, or the key id is not registered on the client.',
          fix: 'Check the client id against Samarbeidsportalen.',
        }),
      getJwks: async () => [jwk],
    });
    await renderCard({ api });
    expect(await screen.findByTestId('summary-unconfirmed-key')).toHaveTextContent(
      'Not confirmed yet: "Test token" confirms key myorg-lonn-test-2 (MP-100 means Digdir lacks it',
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Test token' }));
    const failure = await screen.findByTestId('token-test-failure');
    expect(within(failure).getByTestId('token-test-meaning')).toHaveTextContent(
      'The key myorg-lonn-test-2 has not been uploaded to Digdir yet',
    );
    expect(within(failure).getByTestId('token-test-fix')).toHaveTextContent(/Upload the key set/);
    expect(failure).not.toHaveTextContent(/client id is unknown/);
    await userEvent.click(within(failure).getByRole('button', { name: 'Show JWK array' }));
    const shown = await screen.findByTestId('jwks-json');
    expect(shown).toHaveTextContent('"kid": "myorg-lonn-test-2"');
  });

  it('keeps the general MP-100 explanation when the key was uploaded', async () => {
    const api = respond({ items: [makeIntegration()] });
    api.runTokenTest.mockResolvedValue(
      makeTokenTest({
        outcome: 'rejected',
        errorCode: 'MP-100',
        message: 'refused',
        meaning: 'Client authentication failed: the client id is unknown in this environment.',
      }),
    );
    await renderCard({ api });
    await userEvent.click(await screen.findByRole('button', { name: 'Test token' }));
    expect(await screen.findByTestId('token-test-meaning')).toHaveTextContent(/client id is unknown/);
    expect(
      within(screen.getByTestId('token-test-failure')).queryByRole('button', { name: 'Show JWK array' }),
    ).not.toBeInTheDocument();
  });

  it('offers no Gravitee download while there is no key to sign with', async () => {
    const entityRef = 'component:default/no-usable-key';
    const api = respond({
      items: [
        makeIntegration({
          entityRef,
          keys: [makeKey('kid-expired', 'expired', -3, { state: 'expired' })],
          activeKid: undefined,
        }),
      ],
    });
    await renderCard({ api });
    expect(await screen.findByRole('button', { name: 'Test token' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Download Gravitee definition' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Deploy to Gravitee' })).not.toBeInTheDocument();
  });

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
    expect(within(dialog).getByRole('radio', { name: 'Secret reference' })).toBeInTheDocument();
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
    await userEvent.click(within(dialog).getByRole('radio', { name: 'Secret reference' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Download' }));
    await waitFor(() => expect(saveJson).toHaveBeenCalledWith('lonn-prod-gravitee-v4.json', definition));
    expect(api.getGraviteeDefinition).toHaveBeenCalledWith(entityRef, { format: 'v4', secrets: 'reference' });
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
