import { MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import http from 'node:http';
import request from 'supertest';
import { API, databases, startBackend } from './__testUtils__/routerBackend';

jest.setTimeout(120_000);

/** The router when permissions are denied and when the token endpoint or the CPU is slow. */
describe('maskinporten router permissions and faults', () => {
  let simulator: MaskinportenSimulator;

  beforeAll(async () => {
    simulator = await MaskinportenSimulator.start({ adminToken: 'admin-token' });
  });
  afterAll(async () => {
    await simulator?.close();
  });

  it('forbids key generation and token tests without permission, still allowing reads', async () => {
    const backend = await startBackend({
      environments: { test: { issuer: simulator.issuer, tokenEndpoint: simulator.tokenEndpoint } },
      denied: ['maskinporten.key.create', 'maskinporten.token.test', 'maskinporten.gravitee.export'],
    });
    try {
      const inline = await request(backend.server).get(`${API}/component/default/lonn/gravitee?secrets=inline`);
      expect(inline.status).toBe(403);
      const keys = await request(backend.server).post(`${API}/component/default/lonn/keys`).send({});
      expect(keys.status).toBe(403);
      expect(keys.body.error.message).toMatch(/maskinporten.key.create/);
      const test = await request(backend.server).post(`${API}/component/default/lonn/token-tests`).send({});
      expect(test.status).toBe(403);
      const read = await request(backend.server).get(`${API}/component/default/lonn/integrations`);
      expect(read.status).toBe(200);
    } finally {
      await backend.stop();
    }
  });

  it("lint tells only those who may read an integration about its key's state", async () => {
    const environments = { test: { issuer: simulator.issuer, tokenEndpoint: simulator.tokenEndpoint } };
    const knex = await databases.init('SQLITE_3');
    const owner = await startBackend({ knex, environments });
    let definition: unknown;
    try {
      await request(owner.server).post(`${API}/component/default/lonn/keys`).send({}).expect(201);
      definition = (await request(owner.server).get(`${API}/component/default/lonn/gravitee?format=v4`)).body;
      const lint = await request(owner.server).post('/api/maskinporten/v1/gravitee/lint').send(definition as object);
      expect(lint.body.findings.map((f: { rule: string }) => f.rule)).toContain('key-state');
    } finally {
      await owner.stop();
    }
    const stranger = await startBackend({ knex, environments, denied: ['maskinporten.integration.read'] });
    try {
      const lint = await request(stranger.server).post('/api/maskinporten/v1/gravitee/lint').send(definition as object);
      const rules = lint.body.findings.map((f: { rule: string }) => f.rule);
      expect(rules).toContain('kid-unknown');
      expect(rules).not.toContain('key-state');
      expect(JSON.stringify(lint.body)).not.toMatch(/not active yet|being retired|expires in/);
    } finally {
      await stranger.stop();
    }
  });

  it('reports an unreachable token endpoint as a test outcome, and a slow one as a timeout', async () => {
    const slow = http.createServer(() => {
      // holds the request open past the timeout
    });
    await new Promise<void>(resolve => slow.listen(0, '127.0.0.1', resolve));
    const slowPort = (slow.address() as { port: number }).port;
    const backend = await startBackend({
      environments: {
        test: { issuer: simulator.issuer, tokenEndpoint: `http://127.0.0.1:${slowPort}/token` },
        prod: { issuer: 'http://127.0.0.1:9/', tokenEndpoint: 'http://127.0.0.1:9/token' },
      },
      timeoutMs: 300,
    });
    try {
      await request(backend.server).post(`${API}/component/default/lonn/keys`).send({}).expect(201);
      const res = await request(backend.server).post(`${API}/component/default/lonn/token-tests`).send({});
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ outcome: 'timeout', message: expect.stringMatching(/within 300 ms/) });
    } finally {
      await backend.stop();
      slow.closeAllConnections();
      slow.close();
    }
  });

  it('answers /health while four 4096-bit keys are being generated', async () => {
    const backend = await startBackend({
      environments: { test: { issuer: simulator.issuer, tokenEndpoint: simulator.tokenEndpoint } },
      modulusLength: 4096,
    });
    try {
      const order: string[] = [];
      const generations = Array.from({ length: 4 }, (_, i) =>
        request(backend.server)
          .post(`${API}/component/default/lonn/keys`)
          .send({})
          .then(res => {
            expect(res.status).toBe(201);
            expect(res.body.key.modulusLength).toBe(4096);
            order.push(`key-${i}`);
          }),
      );
      // Give the four requests time to reach the key generator before probing.
      await new Promise(resolve => setTimeout(resolve, 50));
      const health = await request(backend.server).get('/api/maskinporten/health');
      order.push('health');
      expect(health.status).toBe(200);
      await Promise.all(generations);
      expect(order[0]).toBe('health');
    } finally {
      await backend.stop();
    }
  });
});
