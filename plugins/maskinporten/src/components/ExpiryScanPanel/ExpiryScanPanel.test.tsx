import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import type { ExpiryScanStatus } from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef, type MaskinportenApi } from '../../api';
import { fakeMaskinportenApi } from '../../testUtils/fakeApi';
import { ExpiryScanPanel } from './ExpiryScanPanel';

const HOUR = 3_600_000;

async function renderPanel(api: MaskinportenApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[maskinportenApiRef, api]]}>
      <ExpiryScanPanel />
    </TestApiProvider>,
  );
}

describe('ExpiryScanPanel', () => {
  it('shows the last scan, what it found and when the next one runs', async () => {
    const status: ExpiryScanStatus = {
      lastRunAt: new Date(Date.now() - 2.5 * HOUR).toISOString(),
      nextRunAt: new Date(Date.now() + 3.5 * HOUR).toISOString(),
      lastResult: { scanned: 7, changed: 2, byState: { ok: 4, warning: 1, critical: 1, expired: 1 } },
      delivery: 'notifications',
    };
    await renderPanel(fakeMaskinportenApi({ getExpiryScan: async () => status }));
    expect(await screen.findByText(/2 hours ago/)).toBeInTheDocument();
    expect(
      screen.getByText(/7 keys: 4 ok, 1 warning, 1 critical, 1 expired; 2 owners told of a change/),
    ).toBeInTheDocument();
    expect(screen.getByText(/in 3 hours/)).toBeInTheDocument();
    expect(screen.getByText(/Owners get a notification/)).toBeInTheDocument();
  });

  it('says when no scan has run and changes only reach the log', async () => {
    await renderPanel(fakeMaskinportenApi());
    expect(await screen.findByText(/not run yet/)).toBeInTheDocument();
    expect(screen.getByText(/only when started by hand/)).toBeInTheDocument();
    expect(screen.getByText(/notifications plugin is not installed/)).toBeInTheDocument();
  });

  it('starts a scan with "Scan now" and shows its result without a reload', async () => {
    let runs = 0;
    const api = fakeMaskinportenApi({
      getExpiryScan: async () =>
        runs === 0
          ? { delivery: 'log' }
          : {
              delivery: 'log',
              lastRunAt: new Date().toISOString(),
              lastResult: { scanned: 1, changed: 1, byState: { ok: 0, warning: 1, critical: 0, expired: 0 } },
            },
      triggerExpiryScan: async () => {
        runs += 1;
      },
    });
    await renderPanel(api);
    await screen.findByText(/not run yet/);
    await userEvent.click(screen.getByRole('button', { name: 'Scan now' }));
    expect(api.triggerExpiryScan).toHaveBeenCalledTimes(1);
    expect(await screen.findByText(/1 key: 0 ok, 1 warning, 0 critical, 0 expired; 1 owner told/)).toBeInTheDocument();
  });

  it('shows why a scan could not start', async () => {
    const conflict = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'ConflictError', message: 'Task maskinporten-expiry-scan is currently running' },
          response: { statusCode: 409 },
        }),
        { status: 409, statusText: 'Conflict', headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const api = fakeMaskinportenApi({
      getExpiryScan: async () => ({ delivery: 'log' }),
      triggerExpiryScan: async () => {
        throw conflict;
      },
    });
    await renderPanel(api);
    await screen.findByText(/not run yet/);
    await userEvent.click(screen.getByRole('button', { name: 'Scan now' }));
    await waitFor(() =>
      expect(screen.getByText(/Could not start a scan: .*currently running/)).toBeInTheDocument(),
    );
  });
});
