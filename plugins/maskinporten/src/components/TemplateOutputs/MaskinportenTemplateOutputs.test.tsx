import { screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { MaskinportenTemplateOutputs } from './MaskinportenTemplateOutputs';

const JWK = { kty: 'RSA', alg: 'RS256', use: 'sig', kid: 'example-test-lonn-1', e: 'AQAB', n: 'abc' };

function renderOutputs(output: Record<string, unknown>) {
  return renderInTestApp(<MaskinportenTemplateOutputs output={output} />, {
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

describe('MaskinportenTemplateOutputs', () => {
  it('shows the JWK array with a copy button and the step left after Digdir registration', async () => {
    renderOutputs({
      links: [{ title: 'Open the integration', entityRef: 'resource:default/lonn-test' }],
      maskinportenKid: JWK.kid,
      maskinportenJwks: [JWK],
      maskinportenClientId: 'client-1',
      maskinportenRegisteredWithDigdir: true,
      maskinportenEnvironment: 'test',
    });
    expect(await screen.findByTestId('template-next-step')).toHaveTextContent(
      /Digdir has the key: client client-1 in test was registered .* run "Test token"/,
    );
    const jwks = screen.getByTestId('jwks-json');
    // The code snippet loads its highlighter lazily.
    await waitFor(() => expect(jwks).toHaveTextContent('"kid": "example-test-lonn-1"'));
    expect(within(jwks).getByRole('button', { name: 'Copy JWK array' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Open the integration/ })).toBeInTheDocument();
  });

  it('asks for the upload when the client exists but Digdir was not told', async () => {
    renderOutputs({
      maskinportenKid: JWK.kid,
      maskinportenJwks: [JWK],
      maskinportenClientId: 'client-2',
      maskinportenRegisteredWithDigdir: false,
      maskinportenEnvironment: 'prod',
    });
    expect(await screen.findByTestId('template-next-step')).toHaveTextContent(
      /^Paste this JWK array into the keys .* of client client-2 in Samarbeidsportalen \(prod\)/,
    );
  });

  it('asks for the client and its annotation when there is no client id', async () => {
    renderOutputs({
      maskinportenKid: JWK.kid,
      maskinportenJwks: [JWK],
      maskinportenClientId: '',
      maskinportenRegisteredWithDigdir: false,
      maskinportenEnvironment: 'test',
    });
    expect(await screen.findByTestId('template-next-step')).toHaveTextContent(
      /^Create the client in Samarbeidsportalen \(test\) .* maskinporten\.no\/client-id/,
    );
  });
});
