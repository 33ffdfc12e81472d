import { screen } from '@testing-library/react';
import { renderTranslated as render } from '../../__testUtils__/translations';
import userEvent from '@testing-library/user-event';
import type { KeyRotationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { makeIntegration } from '../../testUtils/fixtures';
import { RotationStateCell } from './RotationStateCell';

const rotation: KeyRotationView = {
  id: 'r1',
  entityRef: 'component:default/lonn-service',
  environment: 'test',
  clientId: 'client-lonn-test',
  mode: 'self-service',
  phase: 'registered',
  open: true,
  newKid: 'new-kid',
  oldKids: ['old-kid'],
  attempts: 0,
  startedBy: 'user:default/guest',
  createdAt: '2026-11-25T09:00:00Z',
  updatedAt: '2026-11-25T09:00:00Z',
  nextStep: 'Waiting for Maskinporten to accept the new key.',
};

describe('RotationStateCell', () => {
  it("shows an open rotation's phase and, on hover, its next step", async () => {
    render(<RotationStateCell item={makeIntegration({ rotation })} />);
    await userEvent.hover(screen.getByText(/^Rotating: Registered with Digdir/));
    expect(
      await screen.findByText('Waiting for Maskinporten to accept the new key (token test), retried automatically.'),
    ).toBeInTheDocument();
  });

  it('names the last error of a rotation that keeps failing', async () => {
    render(
      <RotationStateCell
        item={makeIntegration({ rotation: { ...rotation, attempts: 2, lastError: 'Digdir is down' } })}
      />,
    );
    await userEvent.hover(screen.getByText(/^Rotating: Registered with Digdir/));
    expect(await screen.findByText(/Last error: Digdir is down/)).toBeInTheDocument();
    expect(screen.getByText('Rotating: Registered with Digdir (retrying)')).toBeInTheDocument();
  });

  it('without an open rotation, says what the window still holds', () => {
    render(
      <RotationStateCell
        item={makeIntegration({ window: { active: 'new-kid', next: 'newer-kid', retiring: ['old-kid'] } })}
      />,
    );
    expect(screen.getByText('next key waiting, 1 key retiring')).toBeInTheDocument();
  });

  it('speaks bokmål, next step included, when the user has chosen it', async () => {
    render(<RotationStateCell item={makeIntegration({ rotation })} />, 'nb');
    await userEvent.hover(screen.getByText('Roterer: Registrert hos Digdir'));
    expect(await screen.findByText(/^Venter på at Maskinporten godtar den nye nøkkelen/)).toBeInTheDocument();
  });

  it('counts retiring keys in bokmål', () => {
    render(<RotationStateCell item={makeIntegration({ window: { active: 'k', retiring: ['a', 'b'] } })} />, 'nb');
    expect(screen.getByText('2 nøkler fases ut')).toBeInTheDocument();
  });

  it('says nothing when there is nothing to rotate', () => {
    const { container } = render(<RotationStateCell item={makeIntegration({ window: { active: 'k', retiring: [] } })} />);
    expect(container).toBeEmptyDOMElement();
  });
});
