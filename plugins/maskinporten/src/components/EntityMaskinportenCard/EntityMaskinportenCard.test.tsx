import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { makeEntity, makeIntegration, makeKey, makeTokenTest } from '../../testUtils/fixtures';
import { fakeMaskinportenApi } from '../../testUtils/fakeApi';
import { renderCard, respond } from './__testUtils__/renderCard';

describe('EntityMaskinportenCard', () => {
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
    // From the translated catalogue by code, not the backend's English sentence.
    expect(within(result).getByText(/^The audience \(aud\) is wrong: it names another environment/)).toBeInTheDocument();
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
});
