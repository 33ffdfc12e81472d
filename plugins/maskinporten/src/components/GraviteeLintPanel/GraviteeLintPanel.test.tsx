import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { maskinportenApiRef, type MaskinportenApi } from '../../api';
import type { GraviteeLintResult } from '@maskinporten-backstage/plugin-maskinporten-common';
import { fakeMaskinportenApi } from '../../testUtils/fakeApi';
import { GraviteeLintPanel } from './GraviteeLintPanel';

const result: GraviteeLintResult = {
  version: 'v2',
  findings: [
    {
      rule: 'cache-ttl-too-long',
      severity: 'warning',
      path: '$.flows[0].pre[2].configuration.timeToLiveSeconds',
      message: 'The cache keeps tokens for 3599 s, longer than their 120 s lifetime.',
      fix: 'Set timeToLiveSeconds to at most 118.',
    },
    {
      rule: 'placeholder-kid',
      severity: 'error',
      path: '$.flows[0].pre[1].configuration.kid',
      message: 'The kid is still a placeholder.',
      fix: 'Use the kid of the active key.',
    },
    {
      rule: 'file-key-resolver',
      severity: 'info',
      path: '$.flows[0].pre[1].configuration.keyResolver',
      message: 'The key is read from a file.',
      fix: 'Use an inline key or a secret reference.',
    },
    {
      rule: 'cross-environment-backup',
      severity: 'error',
      path: '$.proxy.groups[0].endpoints[1].target',
      message: 'A backup endpoint points at another environment.',
      fix: 'Remove the backup endpoint.',
    },
  ],
};

async function renderPanel(api: MaskinportenApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[maskinportenApiRef, api]]}>
      <GraviteeLintPanel defaultExpanded />
    </TestApiProvider>,
  );
}

const textarea = () => screen.getByRole('textbox', { name: 'Gravitee definition (JSON)' });

describe('GraviteeLintPanel', () => {
  it('shows a JSON parse error inline without asking the server', async () => {
    const api = fakeMaskinportenApi();
    await renderPanel(api);
    fireEvent.change(textarea(), { target: { value: '{"flows": [' } });
    await userEvent.click(screen.getByRole('button', { name: 'Lint' }));
    expect(await screen.findByText(/Not valid JSON/)).toBeInTheDocument();
    expect(textarea()).toHaveAttribute('aria-invalid', 'true');
    expect(api.lintGraviteeDefinition).not.toHaveBeenCalled();
  });

  it('lists findings with errors first, then warnings, then info', async () => {
    const api = fakeMaskinportenApi({ lintGraviteeDefinition: async () => result });
    await renderPanel(api);
    fireEvent.change(textarea(), { target: { value: '{"gravitee": "2.0.0", "flows": []}' } });
    await userEvent.click(screen.getByRole('button', { name: 'Lint' }));
    const rows = await screen.findAllByTestId('lint-finding');
    expect(api.lintGraviteeDefinition).toHaveBeenCalledWith({ gravitee: '2.0.0', flows: [] });
    expect(rows.map(row => within(row).getAllByRole('cell')[1].textContent)).toEqual([
      'placeholder-kid',
      'cross-environment-backup',
      'cache-ttl-too-long',
      'file-key-resolver',
    ]);
    const first = within(rows[0]).getAllByRole('cell').map(cell => cell.textContent);
    expect(first).toEqual([
      'error',
      'placeholder-kid',
      '$.flows[0].pre[1].configuration.kid',
      'The kid is still a placeholder.',
      'Use the kid of the active key.',
    ]);
    expect(within(rows[2]).getByText('warning')).toBeInTheDocument();
    expect(screen.getByText(/4 findings in this v2 definition/)).toBeInTheDocument();
  });

  it('says so when there are no findings', async () => {
    const api = fakeMaskinportenApi({
      lintGraviteeDefinition: async () => ({ version: 'v4', findings: [] }),
    });
    await renderPanel(api);
    fireEvent.change(textarea(), { target: { value: '{"api": {"definitionVersion": "V4"}}' } });
    await userEvent.click(screen.getByRole('button', { name: 'Lint' }));
    expect(await screen.findByText('No findings in this v4 definition.')).toBeInTheDocument();
    expect(screen.queryByTestId('lint-finding')).not.toBeInTheDocument();
  });

  it('fills the text area from an uploaded file and lints it', async () => {
    const api = fakeMaskinportenApi({ lintGraviteeDefinition: async () => result });
    await renderPanel(api);
    const content = '{"gravitee": "2.0.0", "name": "sikt-template"}';
    const file = new File([content], 'sikt-maskinporten-api-template.json', { type: 'application/json' });
    fireEvent.change(screen.getByLabelText('Upload a Gravitee definition'), { target: { files: [file] } });
    await waitFor(() =>
      expect(api.lintGraviteeDefinition).toHaveBeenCalledWith({ gravitee: '2.0.0', name: 'sikt-template' }),
    );
    expect(textarea()).toHaveValue(content);
    expect(screen.getByText('Loaded from sikt-maskinporten-api-template.json')).toBeInTheDocument();
    expect(await screen.findAllByTestId('lint-finding')).toHaveLength(4);
  });

  it("shows the server's message when the server rejects the definition", async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'InputError', message: 'Not a Gravitee definition: expected a v2 or v4 API' },
          response: { statusCode: 400 },
        }),
        { status: 400, statusText: 'Bad Request', headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const api = fakeMaskinportenApi({
      lintGraviteeDefinition: async () => {
        throw error;
      },
    });
    await renderPanel(api);
    fireEvent.change(textarea(), { target: { value: '{"hello": "world"}' } });
    await userEvent.click(screen.getByRole('button', { name: 'Lint' }));
    expect(
      await screen.findByText(/Not a Gravitee definition: expected a v2 or v4 API/),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('lint-finding')).not.toBeInTheDocument();
  });
});
