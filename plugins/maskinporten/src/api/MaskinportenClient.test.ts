import { ResponseError } from '@backstage/errors';
import { MaskinportenClient } from './MaskinportenClient';

function jsonResponse(status: number, body: unknown, statusText = 'OK') {
  return new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'Content-Type': 'application/json' },
  });
}

function setup(response: () => Response) {
  const fetch = jest.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => response());
  const client = new MaskinportenClient({
    discoveryApi: { getBaseUrl: async plugin => `http://backstage.test/api/${plugin}` },
    fetchApi: { fetch: fetch as typeof globalThis.fetch },
  });
  return { client, fetch };
}

describe('MaskinportenClient', () => {
  it('builds the listing URL with repeated owners and every filter', async () => {
    const { client, fetch } = setup(() => jsonResponse(200, { items: [], nextCursor: 'abc' }));
    await expect(
      client.listIntegrations({
        owner: ['group:default/team-a', 'user:default/guest'],
        environment: 'prod',
        expiresWithinDays: 30,
        q: 'dfo ansatte',
        limit: 25,
        cursor: 'eyJvZmZzZXQiOjI1fQ',
      }),
    ).resolves.toEqual({ items: [], nextCursor: 'abc' });
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage.test/api/maskinporten/v1/integrations?owner=group%3Adefault%2Fteam-a&owner=user%3Adefault%2Fguest&environment=prod&expiresWithinDays=30&q=dfo+ansatte&limit=25&cursor=eyJvZmZzZXQiOjI1fQ',
      expect.objectContaining({ method: 'GET' }),
    );
  });

  it('sends a bare listing request when no filter is set', async () => {
    const { client, fetch } = setup(() => jsonResponse(200, { items: [] }));
    await client.listIntegrations({});
    expect(fetch.mock.calls[0][0]).toBe('http://backstage.test/api/maskinporten/v1/integrations');
  });

  it('encodes entity path parts and posts JSON bodies', async () => {
    const { client, fetch } = setup(() => jsonResponse(201, { outcome: 'success' }));
    await client.runTokenTest('Component:team space/lonn.service', { scopes: ['dfo:ansatte'] });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(
      'http://backstage.test/api/maskinporten/v1/entities/component/team%20space/lonn.service/token-tests',
    );
    expect(init).toMatchObject({ method: 'POST', body: '{"scopes":["dfo:ansatte"]}' });
    expect((init?.headers as Record<string, string>)['Content-Type']).toBe('application/json');

    await client.createKey('resource:default/lonn-prod');
    expect(fetch.mock.calls[1][0]).toBe(
      'http://backstage.test/api/maskinporten/v1/entities/resource/default/lonn-prod/keys',
    );
    expect(fetch.mock.calls[1][1]).toMatchObject({ method: 'POST', body: '{}' });
  });

  it('turns a 400 into a ResponseError carrying the server message', async () => {
    const { client } = setup(() =>
      jsonResponse(
        400,
        {
          error: { name: 'InputError', message: 'environment: unknown environment "staging"' },
          request: { method: 'GET', url: '/v1/integrations' },
          response: { statusCode: 400 },
        },
        'Bad Request',
      ),
    );
    const error = await client.listIntegrations({ environment: 'staging' }).catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(400);
    expect(error.cause.message).toBe('environment: unknown environment "staging"');
  });

  it('accepts an empty body from the refresh endpoint', async () => {
    const { client, fetch } = setup(() => new Response(null, { status: 202 }));
    await expect(client.refreshIntegrations()).resolves.toBeUndefined();
    expect(fetch.mock.calls[0][0]).toBe('http://backstage.test/api/maskinporten/v1/integrations/refresh');
    expect(fetch.mock.calls[0][1]).toMatchObject({ method: 'POST' });
  });
});
