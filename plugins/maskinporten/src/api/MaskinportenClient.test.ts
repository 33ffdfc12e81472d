import { ResponseError } from '@backstage/errors';
import { filenameFrom, MaskinportenClient } from './MaskinportenClient';

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
  it('starts, advances, confirms and cancels rotations on the entity path', async () => {
    const { client, fetch } = setup(() => jsonResponse(200, { rotation: { id: 'r 1' } }));
    await client.startRotation('Component:default/lonn');
    await client.advanceRotation('component:default/lonn', 'r 1', { retireNow: true });
    await client.advanceRotation('component:default/lonn', 'r 1');
    await client.confirmRotationUpload('component:default/lonn', 'r 1');
    await client.cancelRotation('component:default/lonn', 'r 1');
    const base = 'http://backstage.test/api/maskinporten/v1/entities/component/default/lonn/rotations';
    expect(fetch.mock.calls.map(([url, init]) => [url, init?.method, init?.body])).toEqual([
      [base, 'POST', '{}'],
      [`${base}/r%201/advance`, 'POST', '{"retireNow":true}'],
      [`${base}/r%201/advance`, 'POST', '{}'],
      [`${base}/r%201/uploaded`, 'POST', '{}'],
      [`${base}/r%201/cancel`, 'POST', '{}'],
    ]);
  });

  it("lists an environment's scope offers and adopts an imported client with an empty JSON body", async () => {
    const offers = { environment: 'test env', source: 'digdir', scopes: [{ name: 'dfo:ansatte', description: '', access: 'granted' }] };
    const { client, fetch } = setup(() => jsonResponse(200, offers));
    await expect(client.listScopes('test env')).resolves.toEqual(offers);
    await client.adoptIntegration('Resource:default/imported client');
    expect(fetch.mock.calls.map(([url, init]) => [url, init?.method ?? 'GET', init?.body])).toEqual([
      ['http://backstage.test/api/maskinporten/v1/environments/test%20env/scopes', 'GET', undefined],
      ['http://backstage.test/api/maskinporten/v1/entities/resource/default/imported%20client/adopt', 'POST', '{}'],
    ]);
    expect(new Headers(fetch.mock.calls[1][1]?.headers).get('Content-Type')).toBe('application/json');
  });

  it("refuses an adoption with the server's message", async () => {
    const { client } = setup(() =>
      jsonResponse(
        409,
        { error: { name: 'ConflictError', message: 'already adopted' }, response: { statusCode: 409 } },
        'Conflict',
      ),
    );
    const error = await client.adoptIntegration('resource:default/x').catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(409);
    expect(error.cause.message).toBe('already adopted');
  });

  it('reads the current rotation, and undefined when there never was one', async () => {
    let status = 200;
    const { client } = setup(() =>
      status === 200
        ? jsonResponse(200, { rotation: { id: 'r1', phase: 'verified' } })
        : jsonResponse(404, { error: { name: 'NotFoundError', message: 'never been rotated' } }, 'Not Found'),
    );
    await expect(client.getCurrentRotation('component:default/lonn')).resolves.toEqual({ id: 'r1', phase: 'verified' });
    status = 404;
    await expect(client.getCurrentRotation('component:default/lonn')).resolves.toBeUndefined();
  });

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

  describe('Gravitee', () => {
    it('asks for the definition with format and secret mode and uses the suggested filename', async () => {
      const definition = { gravitee: '2.0.0', name: 'lonn-service' };
      const { client, fetch } = setup(
        () =>
          new Response(JSON.stringify(definition), {
            status: 200,
            headers: {
              'Content-Type': 'application/json',
              'Content-Disposition': 'attachment; filename="lonn-prod-gravitee-v4.json"',
            },
          }),
      );
      await expect(
        client.getGraviteeDefinition('resource:default/lonn-prod', { format: 'v4', secrets: 'inline' }),
      ).resolves.toEqual({ definition, filename: 'lonn-prod-gravitee-v4.json' });
      expect(fetch).toHaveBeenCalledWith(
        'http://backstage.test/api/maskinporten/v1/entities/resource/default/lonn-prod/gravitee?format=v4&secrets=inline',
        expect.objectContaining({ method: 'GET' }),
      );
    });

    it('falls back to a filename from the entity when the header is missing', async () => {
      const { client } = setup(() => jsonResponse(200, { gravitee: '2.0.0' }));
      const download = await client.getGraviteeDefinition('component:default/lonn-service', {
        format: 'v2',
        secrets: 'placeholder',
      });
      expect(download.filename).toBe('lonn-service-gravitee-v2.json');
    });

    it('reads plain, quoted and RFC 5987 filenames without path parts', () => {
      expect(filenameFrom('attachment; filename="a-gravitee-v2.json"')).toBe('a-gravitee-v2.json');
      expect(filenameFrom('attachment; filename=b.json')).toBe('b.json');
      expect(filenameFrom("attachment; filename=\"x.json\"; filename*=UTF-8''l%C3%B8nn.json")).toBe('lønn.json');
      expect(filenameFrom('attachment; filename="../../etc/c.json"')).toBe('c.json');
      expect(filenameFrom('attachment')).toBeUndefined();
      expect(filenameFrom(null)).toBeUndefined();
    });

    it('posts the definition to lint as JSON', async () => {
      const result = { version: 'v2', findings: [] };
      const { client, fetch } = setup(() => jsonResponse(200, result));
      await expect(client.lintGraviteeDefinition({ gravitee: '2.0.0' })).resolves.toEqual(result);
      const [url, init] = fetch.mock.calls[0];
      expect(url).toBe('http://backstage.test/api/maskinporten/v1/gravitee/lint');
      expect(init).toMatchObject({ method: 'POST', body: '{"gravitee":"2.0.0"}' });
    });

    it("rejects lint input with the server's message", async () => {
      const { client } = setup(() =>
        jsonResponse(
          400,
          {
            error: { name: 'InputError', message: 'not a Gravitee definition: expected v2 or v4' },
            response: { statusCode: 400 },
          },
          'Bad Request',
        ),
      );
      const error = await client.lintGraviteeDefinition({ hello: 'world' }).catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.cause.message).toBe('not a Gravitee definition: expected v2 or v4');
    });

    it('deploys with an empty body unless a format is asked for', async () => {
      const deployed = { apiId: 'api-1', status: 'deployed', format: 'v2', created: true, apimVersion: '4.10.8', kid: 'kid-1', secrets: 'inline' };
      const { client, fetch } = setup(() => jsonResponse(200, deployed));
      await expect(client.deployGravitee('component:default/lonn-service')).resolves.toEqual(deployed);
      expect(fetch.mock.calls[0][0]).toBe(
        'http://backstage.test/api/maskinporten/v1/entities/component/default/lonn-service/gravitee/deploy',
      );
      expect(fetch.mock.calls[0][1]).toMatchObject({ method: 'POST', body: '{}' });
      await client.deployGravitee('component:default/lonn-service', { format: 'v4' });
      expect(fetch.mock.calls[1][1]).toMatchObject({ body: '{"format":"v4"}' });
    });

    it('returns undefined for a never-deployed entity and throws other failures', async () => {
      let status = 404;
      const { client, fetch } = setup(() =>
        jsonResponse(status, { error: { name: 'NotFoundError', message: 'not deployed' } }, 'Not Found'),
      );
      await expect(client.getGraviteeDeployment('component:default/lonn-service')).resolves.toBeUndefined();
      expect(fetch.mock.calls[0][0]).toBe(
        'http://backstage.test/api/maskinporten/v1/entities/component/default/lonn-service/gravitee/deployment',
      );
      status = 403;
      const error = await client.getGraviteeDeployment('component:default/lonn-service').catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(403);
    });

    it('reads the deploy status', async () => {
      const { client, fetch } = setup(() => jsonResponse(200, { deployConfigured: true, deployFormat: 'v4' }));
      await expect(client.getGraviteeStatus()).resolves.toEqual({ deployConfigured: true, deployFormat: 'v4' });
      expect(fetch.mock.calls[0][0]).toBe('http://backstage.test/api/maskinporten/v1/gravitee/status');
    });
  });
});
