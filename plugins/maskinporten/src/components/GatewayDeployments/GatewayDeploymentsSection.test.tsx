import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef, type MaskinportenApi } from '../../api';
import { makeDeployment, makeIntegration, makeKey } from '../../testUtils/fixtures';
import { fakeMaskinportenApi } from '../../testUtils/fakeApi';
import { KeyList } from '../EntityMaskinportenCard/KeyList';
import { GatewayDeploymentsSection } from './GatewayDeploymentsSection';

jest.setTimeout(20_000);

const REF = 'component:default/lonn-service';
const OWNER = { manageKeys: true, testToken: true };

async function renderSection(api: MaskinportenApi, integration: MaskinportenIntegrationView, permissions = OWNER) {
  const onChanged = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[maskinportenApiRef, api]]}>
      <GatewayDeploymentsSection integration={integration} permissions={permissions} onChanged={onChanged} />
    </TestApiProvider>,
  );
  return { onChanged };
}

const own = makeDeployment();
const byHand = makeDeployment({
  id: '00000000-0000-4000-8000-0000000000d2',
  target: 'manual',
  targetTitle: 'Gateway kept by hand',
  managed: false,
  origin: 'manual',
  apiId: 'dmz gravitee',
  name: undefined,
  kid: 'myorg-lonn-test-0',
  keyState: 'retiring',
  status: 'stale',
  statusText: 'Gateway kept by hand API dmz gravitee signs with myorg-lonn-test-0, a retiring key: update it by hand.',
});

describe('GatewayDeploymentsSection', () => {
  it('lists each deployment with its status, what it signs with and why, and says renewal needs no redeploy', async () => {
    const integration = makeIntegration({
      keyRegistration: 'self-service',
      gateway: { status: 'stale', deployments: [own, byHand] },
    });
    await renderSection(fakeMaskinportenApi(), integration);
    const first = screen.getByTestId(`gateway-${own.id}`);
    expect(within(first).getByTestId('gateway-status-in-sync')).toHaveTextContent('In sync');
    expect(first).toHaveTextContent('Gravitee API lonn-service');
    expect(first).toHaveTextContent('signs with myorg-lonn-test-1');
    const second = screen.getByTestId(`gateway-${byHand.id}`);
    expect(within(second).getByTestId('gateway-status-stale')).toHaveTextContent('Stale');
    expect(second).toHaveTextContent('kept by hand');
    expect(second).toHaveTextContent(byHand.statusText);
    expect(screen.getByTestId('gateway-renewal-note')).toHaveTextContent(
      'Renewal re-posts the same key to Digdir, so no gateway needs a redeploy.',
    );
    // A gateway the backend can call is tested; one kept by hand is confirmed.
    expect(within(first).getByRole('button', { name: 'Test through the gateway' })).toBeInTheDocument();
    expect(within(first).queryByRole('button', { name: 'Confirm update' })).not.toBeInTheDocument();
    expect(within(second).queryByRole('button', { name: 'Test through the gateway' })).not.toBeInTheDocument();
    expect(within(second).getByRole('button', { name: 'Confirm update' })).toBeInTheDocument();
  });

  it('says "just now" of a token request through the gateway from the last minute, even one the server stamped a moment ahead', async () => {
    const ahead = new Date(Date.now() + 400).toISOString();
    const tested = makeDeployment({
      lastTest: { at: ahead, outcome: 'success', message: 'The gateway got a token.', requestedBy: 'user:default/guest' },
    });
    await renderSection(fakeMaskinportenApi(), makeIntegration({ gateway: { status: 'in-sync', deployments: [tested] } }));
    const line = screen.getByTestId('gateway-last-test');
    expect(line).toHaveTextContent('Last token request through it: token received. The gateway got a token. (just now)');
    expect(line).not.toHaveTextContent(/in 0 seconds/);
  });

  it('tests through the gateway and shows the outcome after the refresh', async () => {
    const api = fakeMaskinportenApi({
      testThroughGateway: async () => ({
        deployment: own,
        test: { at: new Date().toISOString(), outcome: 'success', message: 'The gateway got a token.', requestedBy: 'user:default/guest' },
      }),
    });
    const { onChanged } = await renderSection(api, makeIntegration({ gateway: { status: 'in-sync', deployments: [own] } }));
    await userEvent.click(screen.getByRole('button', { name: 'Test through the gateway' }));
    await waitFor(() => expect(api.testThroughGateway).toHaveBeenCalledWith(REF, own.id));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
  });

  it('confirms a hand update with the kid the owner picks', async () => {
    const api = fakeMaskinportenApi({ confirmGatewayDeployment: async () => ({ ...byHand, status: 'in-sync' }) });
    await renderSection(api, makeIntegration({ gateway: { status: 'stale', deployments: [byHand] } }));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm update' }));
    const dialog = await screen.findByTestId(`confirm-gateway-${byHand.id}`);
    expect(dialog).toHaveTextContent('Backstage cannot reach this gateway, so it takes your word for it.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(api.confirmGatewayDeployment).toHaveBeenCalledWith(REF, byHand.id, 'myorg-lonn-test-1'));
  });

  it('offers no changes to someone who may only read', async () => {
    await renderSection(fakeMaskinportenApi(), makeIntegration({ gateway: { status: 'stale', deployments: [own, byHand] } }), {
      manageKeys: false,
      testToken: false,
    });
    for (const name of ['Confirm update', 'Unlink', 'Link existing token service', 'Add gateway kept by hand', 'Test through the gateway']) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
  });

  it('links an existing token service only when it can be linked, by the kid the owner was shown', async () => {
    const candidate = {
      target: 'gravitee',
      apiId: 'api-hand',
      name: 'Lønn by hand',
      contextPath: '/legacy/lonn',
      definitionVersion: 'v2',
      gatewayVersion: '4.10.8',
      signers: [{ kid: 'myorg-lonn-test-1', issuer: "{#request.headers['iss'][0]}", audiences: ['https://test.maskinporten.no/'] }],
      kid: 'myorg-lonn-test-1',
      keyState: 'active' as const,
      linkable: true,
      problems: [],
    };
    const api = fakeMaskinportenApi({
      listGatewayDeployments: async () => ({ items: [], targets: [{ id: 'gravitee', title: 'Gravitee', managed: true }] }),
      getGatewayCandidate: async () => candidate,
      linkGatewayDeployment: async () => makeDeployment({ origin: 'adopted', apiId: 'api-hand' }),
    });
    const { onChanged } = await renderSection(api, makeIntegration());
    await userEvent.click(screen.getByRole('button', { name: 'Link existing token service' }));
    const dialog = await screen.findByTestId('adopt-gateway');
    await userEvent.type(within(dialog).getByTestId('adopt-api-id'), 'api-hand');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Look it up' }));
    const found = await within(dialog).findByTestId('gateway-candidate');
    expect(found).toHaveTextContent('Lønn by hand (v2, APIM 4.10.8, /legacy/lonn)');
    expect(found).toHaveTextContent('That kid is active in this integration.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Link it: it signs with myorg-lonn-test-1' }));
    await waitFor(() =>
      expect(api.linkGatewayDeployment).toHaveBeenCalledWith(REF, { target: 'gravitee', apiId: 'api-hand', kid: 'myorg-lonn-test-1' }),
    );
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
  });

  it('does not link a token service that signs for someone else, and says why', async () => {
    const api = fakeMaskinportenApi({
      listGatewayDeployments: async () => ({ items: [], targets: [{ id: 'gravitee', title: 'Gravitee', managed: true }] }),
      getGatewayCandidate: async () => ({
        target: 'gravitee',
        apiId: 'api-other',
        signers: [{ kid: 'their-kid' }],
        kid: 'their-kid',
        keyState: 'unknown' as const,
        linkable: false,
        problems: ['It signs with their-kid, which is not a key of component:default/lonn-service.'],
      }),
    });
    await renderSection(api, makeIntegration());
    await userEvent.click(screen.getByRole('button', { name: 'Link existing token service' }));
    const dialog = await screen.findByTestId('adopt-gateway');
    await userEvent.type(within(dialog).getByTestId('adopt-api-id'), 'api-other');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Look it up' }));
    expect(await within(dialog).findByText(/which is not a key of component:default\/lonn-service/)).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Link it: it signs with their-kid' })).toBeDisabled();
  });
});

describe('KeyList with gateways', () => {
  it('names the gateways that sign with a key, and for an expiring one what rotating and renewing do', async () => {
    const expiring = makeKey('myorg-lonn-test-1', 'warning', 20);
    await renderInTestApp(
      <KeyList keys={[expiring, makeKey('myorg-lonn-test-2', 'ok', 300)]} deployments={[own]} emptyText="none" />,
    );
    expect(screen.getByTestId('key-gateways-myorg-lonn-test-1')).toHaveTextContent(
      'Gravitee API lonn-service signs with this key. Rotating moves them to a new key (redeployed and tested); renewing keeps this key and needs no redeploy.',
    );
    expect(screen.queryByTestId('key-gateways-myorg-lonn-test-2')).not.toBeInTheDocument();
  });
});
