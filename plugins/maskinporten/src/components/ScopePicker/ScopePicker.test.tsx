import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { ScopeOffersResponse } from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import { fakeMaskinportenApi } from '../../testUtils/fakeApi';
import { languageApis, translationApiFor } from '../../__testUtils__/translations';
import { ScopePicker } from './ScopePicker';
import { validateScopes } from './validation';

const digdir: ScopeOffersResponse = {
  environment: 'test',
  source: 'digdir',
  scopes: [
    { name: 'dfo:ansatte', description: 'Ansatte i staten', ownerOrgno: '986252932', access: 'granted' },
    { name: 'digdir:open', description: 'Open to all', ownerOrgno: '991825827', access: 'open' },
    { name: 'skatteetaten:folkeregister', description: 'Folkeregisteret', ownerOrgno: '974761076', access: 'request' },
  ],
};

async function renderPicker(options: {
  offers?: ScopeOffersResponse;
  formData?: string[];
  environment?: string;
  language?: 'en' | 'nb';
}) {
  const api = fakeMaskinportenApi({ listScopes: async () => options.offers ?? digdir });
  const onChange = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[maskinportenApiRef, api], ...((options.language ? languageApis(options.language) : []) as any[])]}>
      <ScopePicker
        {...({} as any)}
        schema={{ type: 'array', items: { type: 'string' } }}
        uiSchema={{}}
        idSchema={{ $id: 'root_scopes' } as any}
        formData={options.formData ?? []}
        formContext={{ formData: { environment: options.environment ?? 'test' } }}
        onChange={onChange}
        rawErrors={[]}
        required
      />
    </TestApiProvider>,
  );
  return { api, onChange };
}

const openList = async () => {
  await waitFor(() => expect(screen.getByRole('textbox')).toBeEnabled());
  await userEvent.click(screen.getByRole('textbox'));
  return screen.findByRole('listbox');
};

describe('ScopePicker', () => {
  it("offers only the scopes the organisation may use in the chosen environment, and picks one", async () => {
    const { api, onChange } = await renderPicker({});
    const list = await openList();
    expect(api.listScopes).toHaveBeenCalledWith('test');
    expect(within(list).getAllByRole('option').map(option => option.textContent)).toEqual([
      'dfo:ansatteAnsatte i staten · access granted',
      'digdir:openOpen to all · open to all',
    ]);
    await userEvent.click(within(list).getByText('dfo:ansatte'));
    expect(onChange).toHaveBeenLastCalledWith(['dfo:ansatte']);
  });

  it("starts from the scaffolder's empty item (an array filled up to minItems) without breaking", async () => {
    const { onChange } = await renderPicker({ formData: [undefined as unknown as string] });
    const list = await openList();
    await userEvent.click(within(list).getByText('digdir:open'));
    expect(onChange).toHaveBeenLastCalledWith(['digdir:open']);
  });

  it('shows the other scopes on request, marked with whom to ask, and not selectable', async () => {
    const { onChange } = await renderPicker({});
    await waitFor(() => expect(screen.getByRole('textbox')).toBeEnabled());
    await userEvent.click(screen.getByRole('checkbox', { name: 'Also show scopes that need access' }));
    const list = await openList();
    const option = within(list).getByTestId('scope-option-skatteetaten:folkeregister').closest('li')!;
    expect(option).toHaveTextContent('access must be requested from organisation 974761076');
    expect(option).toHaveAttribute('aria-disabled', 'true');
    // Disabled options take no pointer events: it cannot be picked.
    expect(option).toHaveStyle({ pointerEvents: 'none' });
    expect(onChange).not.toHaveBeenCalled();
  });

  it('falls back to free text where the backend has no scope list for the environment', async () => {
    const { onChange } = await renderPicker({ offers: { environment: 'local', source: 'none', scopes: [] }, environment: 'local' });
    expect(await screen.findByText(/scope list is not available for local/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('textbox')).toBeEnabled());
    await userEvent.type(screen.getByRole('textbox'), 'dfo:ansatte{enter}');
    expect(onChange).toHaveBeenLastCalledWith(['dfo:ansatte']);
  });

  it('speaks bokmål when the user has chosen it', async () => {
    await renderPicker({ language: 'nb' });
    expect(await screen.findByText(/Listen viser scopene organisasjonen din kan bruke i test/)).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Vis også scopes som krever tilgang' })).toBeInTheDocument();
  });
});

describe('validateScopes', () => {
  const run = async (scopes: string[], language: 'en' | 'nb' = 'en', offers: ScopeOffersResponse = digdir) => {
    const errors: string[] = [];
    const api = fakeMaskinportenApi({ listScopes: async () => offers });
    const apis = new Map<string, unknown>([
      [maskinportenApiRef.id, api],
      ['core.translation', translationApiFor(language)],
    ]);
    await validateScopes(scopes, { addError: (message: string) => errors.push(message) } as any, {
      apiHolder: { get: (ref: { id: string }) => apis.get(ref.id) } as any,
      formData: { environment: 'test' },
      schema: {},
    });
    return errors;
  };

  it('accepts scopes the organisation may use', async () => {
    expect(await run(['dfo:ansatte', 'digdir:open'])).toEqual([]);
  });

  it('refuses a scope without access, as the backend would, naming whom to ask', async () => {
    expect(await run(['dfo:ansatte', 'skatteetaten:folkeregister'])).toEqual([
      'skatteetaten:folkeregister: the organisation has no access in test; ask its owner first.',
    ]);
  });

  it('refuses free text that is not prefix:name, in the user language', async () => {
    expect(await run(['ansatte'], 'nb', { environment: 'test', source: 'none', scopes: [] })).toEqual([
      'ansatte er ikke på formen prefiks:navn, f.eks. dfo:ansatte eller skatteetaten:folkeregister.',
    ]);
  });
});
