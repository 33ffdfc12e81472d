import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeIntegration, makeKey, makeTokenTest } from '../../testUtils/fixtures';
import { fakeMaskinportenApi } from '../../testUtils/fakeApi';
import { renderCard, respond } from './__testUtils__/renderCard';

/** The dead ends around keys that the card must not have (issue 16). */
describe('EntityMaskinportenCard: no dead ends around keys', () => {
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
});
