import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import type {
  KeyRotationView,
  MaskinportenIntegrationView,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef, type MaskinportenApi } from '../../api';
import { makeIntegration, makeKey, makeTokenTest } from '../../testUtils/fixtures';
import { fakeMaskinportenApi } from '../../testUtils/fakeApi';
import { KeyRotationSection } from './KeyRotationSection';

jest.setTimeout(20_000);

const REF = 'component:default/lonn-service';
const JWK = { kty: 'RSA' as const, alg: 'RS256' as const, use: 'sig' as const, e: 'AQAB', n: 'abc' };

function makeRotation(overrides: Partial<KeyRotationView> = {}): KeyRotationView {
  return {
    id: 'rot-1',
    entityRef: REF,
    environment: 'test',
    clientId: 'client-lonn-test',
    mode: 'self-service',
    phase: 'verified',
    open: true,
    newKid: 'kid-new',
    oldKids: ['kid-old'],
    attempts: 0,
    startedBy: 'user:default/guest',
    createdAt: '2026-11-25T09:00:00.000Z',
    updatedAt: '2026-11-25T09:00:00.000Z',
    retireAfter: '2026-11-26T09:00:00.000Z',
    nextStep: 'The new key works. The old keys are removed from the registered set after the grace period.',
    ...overrides,
  };
}

async function renderSection(options: {
  api: MaskinportenApi;
  integration: MaskinportenIntegrationView;
  canRotate?: boolean;
  onChanged?: () => void;
}) {
  const onChanged = options.onChanged ?? jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[maskinportenApiRef, options.api]]}>
      <KeyRotationSection
        integration={options.integration}
        canRotate={options.canRotate ?? true}
        onChanged={onChanged}
      />
    </TestApiProvider>,
  );
  return { onChanged };
}

const failing = (status: number, message: string) =>
  ResponseError.fromResponse(
    new Response(JSON.stringify({ error: { name: 'Error', message }, response: { statusCode: status } }), {
      status,
      headers: { 'Content-Type': 'application/json' },
    }),
  );

describe('KeyRotationSection', () => {
  it('shows the progress of a rotation in words and shapes, without actions for non-owners', async () => {
    const integration = makeIntegration({
      keys: [makeKey('kid-new', 'ok', 365), makeKey('kid-old', 'warning', 20, { state: 'retiring' })],
      window: { active: 'kid-new', retiring: ['kid-old'] },
      rotation: makeRotation(),
    });
    await renderSection({ api: fakeMaskinportenApi(), integration, canRotate: false });
    const progress = screen.getByTestId('rotation-progress');
    const steps = within(progress).getAllByRole('listitem');
    // Each step says its state in text, not only by colour.
    expect(steps.map(step => step.textContent)).toEqual([
      'New key generated(done)',
      'Registered with Digdir(done)',
      'New key verified(current step)',
      'Old keys retired(to do)',
    ]);
    expect(steps[2]).toHaveAttribute('aria-current', 'step');
    expect(screen.getByTestId('rotation-next-step')).toHaveTextContent(
      'The new key works. The old keys stay registered for the grace period, then leave the set.',
    );
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('asks before rotating, says what will happen, and starts only on confirmation', async () => {
    const api = fakeMaskinportenApi({
      startRotation: async () => ({ created: true, rotation: makeRotation() }),
    });
    const integration = makeIntegration({ keyRegistration: 'self-service' });
    const { onChanged } = await renderSection({ api, integration });
    await userEvent.click(await screen.findByRole('button', { name: 'Rotate key' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(/registers it with Digdir next to the current keys \(myorg-lonn-test-1\)/);
    expect(dialog).toHaveTextContent(/old keys are removed from Digdir after the grace period/);
    expect(within(dialog).queryByTestId('production-warning')).not.toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.startRotation).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Rotate key' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Rotate key' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(api.startRotation).toHaveBeenCalledWith(REF);
  });

  it('warns that a production rotation changes the keys production signs with', async () => {
    const integration = makeIntegration({ environment: 'prod', clientId: 'client-lonn-prod', keyRegistration: 'manual' });
    await renderSection({ api: fakeMaskinportenApi(), integration });
    await userEvent.click(await screen.findByRole('button', { name: 'Rotate key' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(/shows you the JWK array to paste into Samarbeidsportalen for client client-lonn-prod/);
    expect(within(dialog).getByTestId('production-warning')).toHaveTextContent(
      'This is the production client client-lonn-prod.',
    );
  });

  it('offers "Create key" when the client has no usable key yet', async () => {
    await renderSection({ api: fakeMaskinportenApi(), integration: makeIntegration({ keys: [], activeKid: undefined }) });
    expect(await screen.findByRole('button', { name: 'Create key' })).toBeInTheDocument();
  });

  it('offers no rotation for an integration without a client id', async () => {
    await renderSection({
      api: fakeMaskinportenApi(),
      integration: makeIntegration({ clientId: undefined, rotation: makeRotation({ open: false, phase: 'retired' }) }),
    });
    // The permission has resolved once the progress of the last rotation is on screen.
    expect(await screen.findByText(/Last rotation/)).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('button')).not.toBeInTheDocument());
  });

  it('walks the manual flow: JWK array with copy button, "I have uploaded it", the verification result', async () => {
    const rotation = makeRotation({
      mode: 'manual',
      phase: 'awaiting-upload',
      nextStep: 'Upload this JWK array to the client in Samarbeidsportalen, then confirm.',
      jwks: [
        { ...JWK, kid: 'kid-new' },
        { ...JWK, kid: 'kid-old' },
      ],
    });
    const api = fakeMaskinportenApi({
      confirmRotationUpload: async () => ({
        rotation: { ...rotation, attempts: 1 },
        verification: makeTokenTest({
          outcome: 'rejected',
          kid: 'kid-new',
          errorCode: 'MP-100',
          message: 'Maskinporten (test) refused the grant: invalid_grant MP-100',
        }),
      }),
    });
    const integration = makeIntegration({
      window: { next: 'kid-new', active: 'kid-old', retiring: [] },
      rotation,
    });
    const { onChanged } = await renderSection({ api, integration });
    const jwks = screen.getByTestId('rotation-jwks');
    expect(jwks).toHaveTextContent('New JWK array (2 keys)');
    expect(jwks).toHaveTextContent('"kid": "kid-new"');
    expect(within(jwks).getByRole('button', { name: 'Copy New JWK array' })).toBeInTheDocument();
    expect(jwks.textContent).not.toMatch(/"d"|PRIVATE/);

    await userEvent.click(await screen.findByRole('button', { name: 'I have uploaded it' }));
    const result = await screen.findByTestId('rotation-verification');
    expect(within(result).getByText(/refused the grant: invalid_grant MP-100/)).toBeInTheDocument();
    expect(api.confirmRotationUpload).toHaveBeenCalledWith(REF, 'rot-1');
    expect(onChanged).toHaveBeenCalled();
    // No Digdir automation here: nothing to retry or retire by hand.
    expect(screen.queryByRole('button', { name: 'Retry now' })).not.toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Cancel rotation' })).toBeInTheDocument();
  });

  it('confirms before retiring the old keys now, and shows why when Digdir is down', async () => {
    const api = fakeMaskinportenApi({
      advanceRotation: async () => {
        throw await failing(503, 'Digdir self-service API (test) is unavailable: HTTP 503');
      },
    });
    const integration = makeIntegration({ window: { active: 'kid-new', retiring: ['kid-old'] }, rotation: makeRotation() });
    await renderSection({ api, integration });
    await userEvent.click(await screen.findByRole('button', { name: 'Retire old keys now' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(/removes kid-old from the keys Digdir has registered for client client-lonn-test/);
    expect(dialog).toHaveTextContent(/gets MP-100 from then on/);
    expect(api.advanceRotation).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Retire old keys now' }));
    expect(screen.queryByRole('button', { name: 'Cancel rotation' })).not.toBeInTheDocument();
    expect(await screen.findByText(/unavailable: HTTP 503/)).toBeInTheDocument();
    expect(api.advanceRotation).toHaveBeenCalledWith(REF, 'rot-1', { retireNow: true });
  });

  it('shows a rotation that waits on Digdir with its last error and a retry', async () => {
    const api = fakeMaskinportenApi({
      advanceRotation: async () => ({ rotation: makeRotation({ phase: 'registered' }) }),
    });
    const integration = makeIntegration({
      window: { next: 'kid-new', active: 'kid-old', retiring: [] },
      rotation: makeRotation({ phase: 'generated', attempts: 3, lastError: 'Digdir: HTTP 500 from api.test' }),
    });
    await renderSection({ api, integration });
    expect(screen.getByTestId('rotation-last-error')).toHaveTextContent('Digdir: HTTP 500 from api.test (3 attempts)');
    expect(screen.getByTestId('rotation-progress')).toHaveTextContent('New key generated(current step)');
    await userEvent.click(await screen.findByRole('button', { name: 'Retry now' }));
    await waitFor(() => expect(api.advanceRotation).toHaveBeenCalledWith(REF, 'rot-1'));
  });

  it('shows each gateway the rotation carries, and forces retirement only naming the ones that break', async () => {
    const gateways = [
      { deploymentId: 'd-own', target: 'gravitee', targetTitle: 'Gravitee', apiId: 'api-1', name: 'lonn-service', managed: true, state: 'verified' as const, kid: 'kid-new' },
      { deploymentId: 'd-dmz', target: 'manual', targetTitle: 'Gateway kept by hand', apiId: 'dmz', managed: false, state: 'awaiting-owner' as const, kid: 'kid-old' },
    ];
    const rotation = makeRotation({ phase: 'gateways', gateways, blockingDeployments: ['d-dmz'] });
    const api = fakeMaskinportenApi({
      forceRetireRotation: async () => ({ rotation: makeRotation({ phase: 'retired', open: false, forcedBy: 'user:default/guest' }) }),
    });
    await renderSection({ api, integration: makeIntegration({ rotation }) });
    expect(within(screen.getByTestId('rotation-progress')).getAllByRole('listitem')[0].parentElement).toHaveTextContent(
      'Gateways follow(current step)',
    );
    const carried = screen.getByTestId('rotation-gateways');
    expect(carried).toHaveTextContent('Gravitee API lonn-service: token through it works');
    expect(carried).toHaveTextContent('Gateway kept by hand API dmz: waiting for you');
    expect(screen.getByTestId('rotation-next-step')).toHaveTextContent(
      'Update Gateway kept by hand API dmz to the new key by hand (download the definition), then confirm; the old keys stay registered until then.',
    );
    // While a gateway still signs with an old key, there is no plain "retire now".
    expect(screen.queryByRole('button', { name: 'Retire old keys now' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retire anyway…' }));
    const dialog = await screen.findByTestId('force-retire');
    expect(within(dialog).getByTestId('force-retire-breaking')).toHaveTextContent('Gateway kept by hand API dmz (kid-old)');
    expect(within(dialog).getByTestId('force-retire-breaking')).not.toHaveTextContent('lonn-service');
    const action = within(dialog).getByRole('button', { name: 'Retire and break them' });
    expect(action).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText('Why (kept in the audit log)'), 'DMZ gateway is gone');
    await userEvent.click(within(dialog).getByLabelText('I understand that these gateways will break'));
    await userEvent.click(action);
    await waitFor(() =>
      expect(api.forceRetireRotation).toHaveBeenCalledWith(REF, 'rot-1', { breaking: ['d-dmz'], reason: 'DMZ gateway is gone' }),
    );
  });

  it('offers "Retire old keys now" once every gateway signs with the new key', async () => {
    const rotation = makeRotation({
      phase: 'gateways',
      gateways: [{ deploymentId: 'd-own', target: 'gravitee', targetTitle: 'Gravitee', apiId: 'api-1', managed: true, state: 'verified', kid: 'kid-new' }],
      blockingDeployments: [],
    });
    await renderSection({ api: fakeMaskinportenApi(), integration: makeIntegration({ rotation }) });
    expect(screen.getByRole('button', { name: 'Retire old keys now' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retire anyway…' })).not.toBeInTheDocument();
    expect(screen.getByTestId('rotation-next-step')).toHaveTextContent(
      'Every gateway signs with the new key. The old keys stay registered for the grace period, then leave the set.',
    );
  });

  it('keeps the gateway step in a finished rotation that carried gateways', async () => {
    const rotation = makeRotation({
      phase: 'retired',
      open: false,
      completedAt: '2026-11-26T09:00:00.000Z',
      gateways: [{ deploymentId: 'd-own', target: 'gravitee', targetTitle: 'Gravitee', apiId: 'api-1', managed: true, state: 'verified', kid: 'kid-new' }],
      blockingDeployments: [],
    });
    await renderSection({ api: fakeMaskinportenApi(), integration: makeIntegration({ rotation }) });
    const steps = within(screen.getByTestId('rotation-progress')).getAllByRole('listitem');
    expect(steps.map(step => step.textContent)).toEqual([
      'New key generated(done)',
      'Registered with Digdir(done)',
      'New key verified(done)',
      'Gateways follow(done)',
      'Old keys retired(done)',
    ]);
    expect(screen.queryByTestId('rotation-gateways')).not.toBeInTheDocument();
  });
});
