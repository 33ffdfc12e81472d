import { startTestBackend } from '@backstage/backend-test-utils';
import { GatewayDouble, ManagementApiDouble } from '@maskinporten-backstage/gravitee-simulator';
import { MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import request from 'supertest';
import { digdirClientDescription } from '../provisioning/clientDescription';
import { API, AuditRecord, TOKEN, startDeployBackend } from '../gravitee/deploy/__testUtils__/deployBackend';

jest.setTimeout(120_000);

const VERIFIER = 'a7b0c3d2-0000-4000-8000-0000000000aa';
const E = `${API}/lonn`;

/**
 * The gateway routes over HTTP through the real plugin and its composition root: the card's
 * Deploy, adopting a hand-made token service, a token request through each gateway, the
 * listing's gateway column, a rotation that carries both, a forced retirement (audited), and
 * unlinking. Gravitee is the management double publishing to the gateway double.
 */
describe('gateway deployment routes', () => {
  let simulator: MaskinportenSimulator;
  let gateway: GatewayDouble;
  let management: ManagementApiDouble;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const audit: AuditRecord[] = [];

  beforeAll(async () => {
    simulator = await MaskinportenSimulator.start({
      adminToken: 'admin',
      clients: [{ clientId: 'client-lonn', scopes: ['dfo:ansatte'], description: digdirClientDescription('component:default/lonn', 'test') }],
    });
    gateway = await GatewayDouble.start();
    management = await ManagementApiDouble.start({ token: TOKEN, gateway, applications: [{ id: VERIFIER, name: 'verifier' }] });
    backend = await startDeployBackend({
      audit,
      environments: {
        test: {
          issuer: simulator.issuer,
          tokenEndpoint: simulator.tokenEndpoint,
          selfService: { baseUrl: simulator.selfServiceBaseUrl, auth: { adminToken: 'admin' } },
        },
      },
      gravitee: {
        managementUrl: management.baseUrl,
        token: TOKEN,
        gatewayUrl: gateway.url,
        verification: { applicationId: VERIFIER, subscriptionSyncMs: 0 },
      },
    });
    // Register the backend's key with Digdir and prove it, as an owner would.
    const jwks = await request(backend.server).get(`${E}/jwks`).expect(200);
    simulator.setClientKeys('client-lonn', jwks.body);
    await request(backend.server).post(`${E}/token-tests`).send({}).expect(201);
  });

  afterAll(async () => {
    await backend?.stop();
    await management?.close();
    await gateway?.close();
    await simulator?.close();
  });

  it('deploys, adopts, tests through each gateway, shows the gateway column, rotates, forces, unlinks', async () => {
    const deployed = await request(backend.server).post(`${E}/gravitee/deploy`).send({ format: 'v4' });
    expect(deployed.status).toBe(200);
    const list = await request(backend.server).get(`${E}/gateway-deployments`).expect(200);
    expect(list.body.targets).toEqual([{ id: 'gravitee', title: 'Gravitee', managed: true }]);
    expect(list.body.items).toEqual([
      expect.objectContaining({ origin: 'deployed', apiId: deployed.body.apiId, status: 'in-sync', managed: true, contextPath: '/maskinporten/test/lonn' }),
    ]);
    const kid = list.body.items[0].kid;

    // A token service made by hand from the same key (exported earlier, imported in the console).
    const inline = await request(backend.server).get(`${E}/gravitee?format=v2&secrets=inline`).expect(200);
    const hand = { ...inline.body, name: 'Lønn by hand', proxy: { ...inline.body.proxy, virtual_hosts: [{ path: '/legacy/lonn' }] } };
    hand.plans = [{ ...hand.plans[0], id: 'c0ffee00-0000-4000-8000-000000000001' }];
    const org = `${management.baseUrl}/management/organizations/DEFAULT/environments/DEFAULT/apis`;
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const imported = await (await fetch(`${org}/import?definitionVersion=2.0.0`, { method: 'POST', headers, body: JSON.stringify(hand) })).json();
    await fetch(`${org}/${imported.id}?action=START`, { method: 'POST', headers });
    await fetch(`${org}/${imported.id}/deploy`, { method: 'POST', headers });

    const candidate = await request(backend.server).get(`${E}/gateway-deployments/candidate?target=gravitee&apiId=${imported.id}`);
    expect(candidate.status).toBe(200);
    expect(candidate.body).toMatchObject({ linkable: true, kid, keyState: 'active', name: 'Lønn by hand', contextPath: '/legacy/lonn' });
    expect(JSON.stringify(candidate.body)).not.toMatch(/PRIVATE KEY/);
    const missingKid = await request(backend.server).post(`${E}/gateway-deployments`).send({ target: 'gravitee', apiId: imported.id });
    expect(missingKid.status).toBe(400);
    expect(missingKid.body.error.message).toBe('kid: is required');
    const wrongKid = await request(backend.server).post(`${E}/gateway-deployments`).send({ target: 'gravitee', apiId: imported.id, kid: 'other' });
    expect(wrongKid.status).toBe(409);
    const linked = await request(backend.server).post(`${E}/gateway-deployments`).send({ target: 'gravitee', apiId: imported.id, kid });
    expect(linked.status).toBe(201);
    expect(linked.body.deployment).toMatchObject({ origin: 'adopted', kid, status: 'in-sync' });
    const twice = await request(backend.server).post(`${E}/gateway-deployments`).send({ target: 'gravitee', apiId: imported.id, kid });
    expect(twice.status).toBe(409);

    for (const id of [list.body.items[0].id, linked.body.deployment.id]) {
      const tested = await request(backend.server).post(`${E}/gateway-deployments/${id}/token-tests`).send({});
      expect(tested.status).toBe(201);
      expect(tested.body.test).toMatchObject({ outcome: 'success', kid, requestedBy: 'user:default/mock' });
      expect(tested.body.deployment.lastTest.outcome).toBe('success');
    }
    const badId = await request(backend.server).post(`${E}/gateway-deployments/nope/token-tests`).send({});
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toMatch(/^id: must be a deployment id/);

    const page = await request(backend.server).get('/api/maskinporten/v1/integrations').expect(200);
    expect(page.body.items[0].gateway).toMatchObject({ status: 'in-sync' });
    expect(page.body.items[0].gateway.deployments).toHaveLength(2);
    const card = await request(backend.server).get(`${E}/integrations`).expect(200);
    expect(card.body.items[0].gateway.deployments.map((d: any) => d.origin)).toEqual(['deployed', 'adopted']);

    // A rotation whose second gateway cannot be redeployed: the old key stays.
    management.failNext(10_000, 500, new RegExp(`/apis/${imported.id}`));
    const started = await request(backend.server).post(`${E}/rotations`).send({});
    expect(started.status).toBe(201);
    const { rotation } = started.body;
    expect(rotation).toMatchObject({ phase: 'gateways', blockingDeployments: [linked.body.deployment.id] });
    expect(rotation.gateways.map((g: any) => g.state)).toEqual(['verified', 'failed']);
    const column = await request(backend.server).get('/api/maskinporten/v1/integrations').expect(200);
    expect(column.body.items[0].gateway.status).toBe('stale');

    const unnamed = await request(backend.server).post(`${E}/rotations/${rotation.id}/force-retire`).send({ breaking: [] });
    expect(unnamed.status).toBe(409);
    expect(unnamed.body.error.message).toContain(linked.body.deployment.id);
    const forced = await request(backend.server)
      .post(`${E}/rotations/${rotation.id}/force-retire`)
      .send({ breaking: [linked.body.deployment.id], reason: 'the legacy gateway is being decommissioned' });
    expect(forced.status).toBe(200);
    expect(forced.body.rotation).toMatchObject({ phase: 'retired', forcedBy: 'user:default/mock' });
    expect(audit.filter(a => a.eventId === 'key-rotation-force-retire')).toEqual([
      expect.objectContaining({
        severityLevel: 'high',
        outcome: 'fail',
        meta: expect.objectContaining({ breaking: [] }),
      }),
      expect.objectContaining({
        severityLevel: 'high',
        outcome: 'success',
        meta: expect.objectContaining({ breaking: [linked.body.deployment.id], reason: 'the legacy gateway is being decommissioned' }),
      }),
    ]);

    management.clearFaults();
    await request(backend.server).delete(`${E}/gateway-deployments/${linked.body.deployment.id}`).expect(204);
    const after = await request(backend.server).get(`${E}/gateway-deployments`).expect(200);
    expect(after.body.items).toHaveLength(1);
    expect(audit.map(a => a.eventId)).toEqual(
      expect.arrayContaining(['gravitee-deploy', 'gateway-deployment-link', 'key-rotation-start', 'gateway-deployment-unlink']),
    );
  });
});
