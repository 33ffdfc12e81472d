import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { makeDeployment, makeIntegration } from '../../testUtils/fixtures';
import { GatewayCell } from './IntegrationCells';

describe("the page's gateway column", () => {
  it('says in sync, stale or unknown, and that nothing is linked', async () => {
    const stale = makeDeployment({ status: 'stale', statusText: 'Gravitee API lonn-service signs with kid-old, a retiring key.' });
    await renderInTestApp(
      <>
        <div data-testid="stale">
          <GatewayCell item={makeIntegration({ gateway: { status: 'stale', deployments: [makeDeployment(), stale] } })} />
        </div>
        <div data-testid="in-sync">
          <GatewayCell item={makeIntegration({ gateway: { status: 'in-sync', deployments: [makeDeployment()] } })} />
        </div>
        <div data-testid="unknown">
          <GatewayCell item={makeIntegration({ gateway: { status: 'unknown', deployments: [makeDeployment({ status: 'unknown', kid: undefined })] } })} />
        </div>
        <div data-testid="none">
          <GatewayCell item={makeIntegration()} />
        </div>
      </>,
    );
    expect(screen.getByTestId('stale')).toHaveTextContent('Stale');
    expect(screen.getByTestId('in-sync')).toHaveTextContent('In sync');
    expect(screen.getByTestId('unknown')).toHaveTextContent('Unknown');
    expect(screen.getByTestId('none')).toHaveTextContent('none linked');
    // Each deployment's sentence is on hover.
    expect(screen.getByTestId('stale').querySelector('[title]')?.getAttribute('title')).toBe(
      `2 deployments: ${makeDeployment().statusText} ${stale.statusText}`,
    );
  });
});
