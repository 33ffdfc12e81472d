import type { MaskinportenSimulator } from '../server';
import { callApi, clientBody, startTestSimulator } from '../testing/harness';

describe('fault injection', () => {
  let simulator: MaskinportenSimulator;

  beforeEach(async () => {
    ({ simulator } = await startTestSimulator());
  });

  afterEach(async () => {
    await simulator.close();
  });

  const created = () => simulator.listClients().length;

  it('answers with the fault the given number of times, then normally', async () => {
    const fault = simulator.faults.add({ method: 'get', path: '/api/v1/clients', status: 503, times: 2 });
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(await callApi(simulator, 'GET', '/clients'));
    }
    expect(answers.map(a => a.status)).toEqual([503, 503, 200]);
    expect(answers[0].body).toEqual({
      error: 'server_error',
      error_description: 'injected fault (maskinporten simulator)',
    });
    expect(fault.hits).toBe(2);
    expect(simulator.requests).toEqual([
      { method: 'GET', path: '/api/v1/clients', status: 503, fault: 'answer' },
      { method: 'GET', path: '/api/v1/clients', status: 503, fault: 'answer' },
      { method: 'GET', path: '/api/v1/clients', status: 200 },
    ]);
  });

  it('matches method and path (string exactly, RegExp by test)', async () => {
    simulator.faults.add({ method: 'POST', path: /^\/api\/v1\/clients\/[^/]+\/jwks$/, status: 500 });
    simulator.faults.add({ path: '/api/v1/client', status: 500 });
    expect((await callApi(simulator, 'GET', '/clients')).status).toBe(200);
    expect((await callApi(simulator, 'GET', '/clients/x/jwks')).status).toBe(404);
    expect((await callApi(simulator, 'POST', '/clients/x/jwks', { keys: [] })).status).toBe(500);
  });

  it('sends the given status, body and headers; a 401 looks like invalid_token', async () => {
    simulator.faults.add({ path: '/api/v1/clients', status: 429, headers: { 'retry-after': '2' }, times: 1 });
    simulator.faults.add({ path: '/api/v1/clients', status: 401, times: 1 });
    simulator.faults.add({ path: '/api/v1/clients', status: 400, body: { error: 'custom' }, times: 1 });
    const limited = await callApi(simulator, 'GET', '/clients');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect((await callApi(simulator, 'GET', '/clients')).body.error).toBe('invalid_token');
    expect((await callApi(simulator, 'GET', '/clients')).body).toEqual({ error: 'custom' });
  });

  it('performs the operation and then loses the answer (afterHandling)', async () => {
    simulator.faults.add({ method: 'POST', path: '/api/v1/clients', afterHandling: true, times: 1 });
    const lost = await callApi(simulator, 'POST', '/clients', clientBody());
    expect(lost.status).toBe(500);
    expect(lost.body.error).toBe('server_error');
    expect(lost.headers.get('content-type')).toMatch(/application\/json/);
    expect(created()).toBe(1);
    expect(simulator.requests.at(-1)).toEqual({
      method: 'POST',
      path: '/api/v1/clients',
      status: 500,
      fault: 'lost-answer',
    });
  });

  it('performs the operation and never answers (afterHandling + hang)', async () => {
    simulator.faults.add({ method: 'POST', path: '/api/v1/clients', afterHandling: true, hang: true });
    await expect(
      fetch(`${simulator.selfServiceBaseUrl}/clients`, {
        method: 'POST',
        headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' },
        body: JSON.stringify(clientBody()),
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
    expect(created()).toBe(1);
  });

  it('never answers and does nothing (hang)', async () => {
    simulator.faults.add({ path: '/api/v1/clients', hang: true });
    await expect(
      fetch(`${simulator.selfServiceBaseUrl}/clients`, {
        method: 'POST',
        headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' },
        body: JSON.stringify(clientBody()),
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
    expect(created()).toBe(0);
    expect(simulator.requests).toEqual([{ method: 'POST', path: '/api/v1/clients', fault: 'hang' }]);
  });

  it('applies to the token endpoint too, and clear() removes every fault', async () => {
    simulator.faults.add({ path: '/token', status: 502 });
    const token = await fetch(simulator.tokenEndpoint, { method: 'POST' });
    expect(token.status).toBe(502);
    simulator.faults.clear();
    expect((await fetch(simulator.tokenEndpoint, { method: 'POST' })).status).toBe(400);
    simulator.clearRequests();
    expect(simulator.requests).toEqual([]);
  });

  it('rejects a fault it cannot apply', () => {
    expect(() => simulator.faults.add({ path: 5 as any })).toThrow(/path/);
    expect(() => simulator.faults.add({ path: '/x', times: 0 })).toThrow(/times/);
    expect(() => simulator.faults.add({ path: '/x', status: 42 })).toThrow(/status/);
  });
});
