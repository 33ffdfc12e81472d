import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeIntegration } from '../../testUtils/fixtures';
import { fakeMaskinportenApi } from '../../testUtils/fakeApi';
import { renderCard, respond } from './__testUtils__/renderCard';

const withdrawn = makeIntegration({
  scopes: ['dfo:ansatte', 'dfo:organisasjon', 'skatteetaten:folkeregister'],
  scopeAccess: { 'dfo:ansatte': 'granted', 'dfo:organisasjon': 'open', 'skatteetaten:folkeregister': 'request' },
});

describe('EntityMaskinportenCard: scope access', () => {
  it('says plainly which scope has no access and whom to ask, with each scope marked in the details', async () => {
    const api = fakeMaskinportenApi({
      getEntityIntegrations: async () => ({ items: [withdrawn], invalid: [] }),
      listScopes: async environment => ({
        environment,
        source: 'digdir',
        scopes: [
          { name: 'dfo:ansatte', description: '', ownerOrgno: '986252932', access: 'granted' },
          { name: 'skatteetaten:folkeregister', description: '', ownerOrgno: '974761076', access: 'request' },
        ],
      }),
    });
    await renderCard({ api });
    const alert = await screen.findByTestId('withdrawn-scopes');
    expect(alert).toHaveTextContent(
      'No access to skatteetaten:folkeregister: token requests with this scope fail until access is granted again.',
    );
    await waitFor(() =>
      expect(alert).toHaveTextContent('Ask the owner of skatteetaten:folkeregister (organisation 974761076) for access.'),
    );
    expect(api.listScopes).toHaveBeenCalledWith('test');
    expect(screen.getByTestId('scope-skatteetaten:folkeregister')).toHaveTextContent(
      'skatteetaten:folkeregister · no access',
    );
    expect(screen.getByTestId('scope-dfo:ansatte')).toHaveTextContent('dfo:ansatte · access granted');
    expect(screen.getByTestId('scope-dfo:organisasjon')).toHaveTextContent('dfo:organisasjon · open to all');
  });

  it('shows plain scopes and asks nothing more where Digdir is not configured', async () => {
    const api = respond({ items: [makeIntegration()] });
    await renderCard({ api });
    expect(await screen.findByText('dfo:ansatte')).toBeInTheDocument();
    expect(screen.queryByTestId('withdrawn-scopes')).not.toBeInTheDocument();
    expect(api.listScopes).not.toHaveBeenCalled();
  });

  it('warns in bokmål when the user has chosen it', async () => {
    const api = respond({ items: [withdrawn] });
    await renderCard({ api, language: 'nb' });
    expect(await screen.findByTestId('withdrawn-scopes')).toHaveTextContent(
      'Ingen tilgang til skatteetaten:folkeregister: tokenforespørsler med dette scopet feiler til tilgangen gis igjen. Be API-eieren om tilgang.',
    );
    expect(screen.getByRole('button', { name: 'Skjul detaljer' })).toBeInTheDocument();
    expect(screen.getByText('Nøkkelrotasjon')).toBeInTheDocument();
  });
});

describe('EntityMaskinportenCard: clients imported from Digdir', () => {
  const imported = (flags: { unclaimed: boolean; adopted: boolean }, name = 'digdir-client') =>
    makeIntegration({ entityRef: `resource:default/${name}`, title: name, imported: flags });

  it('marks an unclaimed import and offers no adoption until an owner is assigned', async () => {
    await renderCard({ api: respond({ items: [imported({ unclaimed: true, adopted: false })] }) });
    expect(await screen.findByTestId('imported-from-digdir')).toHaveTextContent('Imported from Digdir');
    expect(screen.getByTestId('unclaimed')).toHaveTextContent('Unclaimed');
    expect(screen.queryByRole('button', { name: 'Adopt' })).not.toBeInTheDocument();
  });

  it('offers no key change or token test before adoption, and says why there are no keys', async () => {
    const integration = { ...imported({ unclaimed: false, adopted: false }, 'digdir-client-waiting'), keys: [], activeKid: undefined };
    await renderCard({ api: respond({ items: [integration] }) });
    expect(await screen.findByText(/keys this client has were registered outside Backstage. Adopt it to manage them here/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Adopt' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create key' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Test token' })).not.toBeInTheDocument();
  });

  it('lets an owner adopt a claimed import after saying what changes, then reloads the card', async () => {
    const integration = imported({ unclaimed: false, adopted: false });
    let adopted = false;
    const api = fakeMaskinportenApi({
      getEntityIntegrations: async () => ({
        items: [adopted ? { ...integration, imported: { unclaimed: false, adopted: true } } : integration],
        invalid: [],
      }),
      adoptIntegration: async () => {
        adopted = true;
        return { ...integration, imported: { unclaimed: false, adopted: true } };
      },
    });
    await renderCard({ api });
    await userEvent.click(await screen.findByRole('button', { name: 'Adopt' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Adopt digdir-client?');
    expect(dialog).toHaveTextContent('From now on the keys of client client-lonn-test (test) are managed here');
    expect(dialog).toHaveTextContent('Its existing keys stay registered at Digdir until a rotation replaces them');
    expect(api.adoptIntegration).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Adopt' }));
    expect(api.adoptIntegration).toHaveBeenCalledWith('resource:default/digdir-client');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Adopt' })).not.toBeInTheDocument());
    expect(screen.getByText('Keys managed here')).toBeInTheDocument();
  });

  it('offers no adoption to someone who may not manage the keys', async () => {
    await renderCard({
      // Its own entity: permission answers are cached per resource across tests.
      api: respond({ items: [imported({ unclaimed: false, adopted: false }, 'digdir-client-not-mine')] }),
      denied: ['maskinporten.key.create'],
    });
    expect(await screen.findByTestId('owner-note')).toBeInTheDocument();
    expect(screen.getByTestId('imported-from-digdir')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Adopt' })).not.toBeInTheDocument();
  });

  it("keeps the card as it was and shows the server's reason when the adoption is refused", async () => {
    const api = fakeMaskinportenApi({
      getEntityIntegrations: async () => ({ items: [imported({ unclaimed: false, adopted: false })], invalid: [] }),
      adoptIntegration: async () => {
        throw new Error('Digdir does not list this client any more');
      },
    });
    await renderCard({ api });
    await userEvent.click(await screen.findByRole('button', { name: 'Adopt' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Adopt' }));
    expect(await screen.findByTestId('adopt-failed')).toHaveTextContent(
      'The client was not adopted: Digdir does not list this client any more',
    );
  });
});
