import http from 'node:http';
import { MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import { ADMIN_TOKEN, DAY_MS, input, keys, useSelfServiceSimulator } from './__testUtils__/selfServiceHarness';
import { DigdirUnavailableError } from './types';

describe('DigdirSelfServiceClient when Digdir is unreliable', () => {
  const env = useSelfServiceSimulator();
  const { clientFor, withAdminToken, requestsTo, clientsWith } = env;

  it('retries 500 twice and then succeeds', async () => {
    const client = withAdminToken();
    const fault = env.simulator.faults.add({ method: 'GET', path: '/api/v1/clients', status: 500, times: 2 });
    expect(await client.findClientByDescription('test', 'nobody')).toBeUndefined();
    expect(fault.hits).toBe(2);
    expect(requestsTo('/api/v1/clients', 'GET').map(r => r.status)).toEqual([500, 500, 200]);
  });

  it('retries 429 too', async () => {
    const client = withAdminToken();
    env.simulator.faults.add({ path: '/api/v1/clients', status: 429, times: 1 });
    await expect(client.findClientByDescription('test', 'nobody')).resolves.toBeUndefined();
    expect(requestsTo('/api/v1/clients').map(r => r.status)).toEqual([429, 200]);
  });

  it('gives up after the retries with DigdirUnavailableError and leaves the key set alone', async () => {
    const client = withAdminToken({ retries: 2 });
    const { client: created } = await client.ensureClient('test', input);
    await client.replaceJwks('test', created.clientId, [keys[0]]);
    const before = env.simulator.getClient(created.clientId)!.keys;

    env.simulator.faults.add({ path: /\/jwks$/, method: 'POST', status: 500 });
    env.clock.advance(DAY_MS);
    const attempt = client.replaceJwks('test', created.clientId, [keys[0], keys[1]]);
    await expect(attempt).rejects.toBeInstanceOf(DigdirUnavailableError);
    const error = await attempt.catch(e => e);
    expect(error.statusCode).toBe(503);
    expect(error.message).toBe(
      `Digdir's self-service API at ${new URL(env.simulator.url).host} did not answer after 3 attempts: POST /clients/${created.clientId}/jwks answered HTTP 500 (server_error: injected fault (maskinporten simulator))`,
    );
    expect(error.message).not.toContain(ADMIN_TOKEN);
    expect(requestsTo(/\/jwks$/, 'POST').slice(-3).map(r => r.status)).toEqual([500, 500, 500]);
    expect(env.simulator.getClient(created.clientId)!.keys).toEqual(before);
  });

  it('gives up on a server that never answers', async () => {
    const client = withAdminToken({ timeoutMs: 150, retries: 1 });
    env.simulator.faults.add({ path: '/api/v1/clients', hang: true });
    const attempt = client.findClientByDescription('test', 'x');
    await expect(attempt).rejects.toBeInstanceOf(DigdirUnavailableError);
    await expect(attempt).rejects.toThrow(/after 2 attempts: GET \/clients gave no answer within 150 ms/);
    expect(requestsTo('/api/v1/clients').map(r => r.fault)).toEqual(['hang', 'hang']);
  });

  it('gives up on a server that sends headers and then stalls the body', async () => {
    // A separate server: the env.simulator always finishes its bodies.
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const client = clientFor({
        baseUrl: `http://127.0.0.1:${port}/api/v1`,
        auth: { adminToken: ADMIN_TOKEN },
        timeoutMs: 150,
        retries: 0,
      });
      await expect(client.findClientByDescription('test', 'x')).rejects.toThrow(
        /after 1 attempt: GET \/clients gave no answer within 150 ms/,
      );
    } finally {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    }
  });

  it('reports a closed port as unavailable', async () => {
    const client = withAdminToken({ retries: 1 });
    await env.simulator.close();
    await expect(client.findClientByDescription('test', 'x')).rejects.toThrow(
      /did not answer after 2 attempts: GET \/clients could not connect \(ECONNREFUSED\)/,
    );
    env.simulator = await MaskinportenSimulator.start({ port: 0, clock: env.clock });
  });

  it('never makes a twin when the create response is lost (500 after creating)', async () => {
    const client = withAdminToken();
    env.simulator.faults.add({ method: 'POST', path: '/api/v1/clients', afterHandling: true, times: 1 });
    const result = await client.ensureClient('test', input);
    expect(result.created).toBe(true);
    expect(clientsWith(input.description)).toEqual([
      expect.objectContaining({ clientId: result.client.clientId }),
    ]);
    // The lost POST, then a lookup that found the client, and no second POST.
    expect(requestsTo('/api/v1/clients').map(r => `${r.method} ${r.status}`)).toEqual([
      'GET 200',
      'POST 500',
      'GET 200',
    ]);
  });

  it('never makes a twin when the create response never comes', async () => {
    const client = withAdminToken({ timeoutMs: 150 });
    env.simulator.faults.add({
      method: 'POST',
      path: '/api/v1/clients',
      afterHandling: true,
      hang: true,
      times: 1,
    });
    const result = await client.ensureClient('test', input);
    expect(result.created).toBe(true);
    expect(clientsWith(input.description)).toHaveLength(1);
    expect(requestsTo('/api/v1/clients', 'POST')).toEqual([
      expect.objectContaining({ fault: 'lost-hang' }),
    ]);
  });

  it('posts again when the failed create did not happen', async () => {
    const client = withAdminToken();
    env.simulator.faults.add({ method: 'POST', path: '/api/v1/clients', status: 503, times: 1 });
    const result = await client.ensureClient('test', input);
    expect(result.created).toBe(true);
    expect(clientsWith(input.description)).toHaveLength(1);
    expect(requestsTo('/api/v1/clients').map(r => `${r.method} ${r.status}`)).toEqual([
      'GET 200',
      'POST 503',
      'GET 200',
      'POST 201',
    ]);
  });
});
