import type { ManualClock } from '../clock';
import type { MaskinportenSimulator } from '../server';
import {
  callApi,
  clientBody,
  createTestKey,
  expectTokenError,
  requestToken,
  signGrant,
  startTestSimulator,
  TestKey,
} from '../testing/harness';

/*
 * "Overføring av integrasjonskonfigurasjon, 0-2 minutter": the sequence diagram of
 * https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin ("Run-time provisjonering")
 * between a key upload and the first token request signed with it.
 */
describe('key propagation delay', () => {
  let simulator: MaskinportenSimulator;
  let clock: ManualClock;
  let oldKey: TestKey;
  let newKey: TestKey;
  let clientId: string;

  beforeAll(async () => {
    [oldKey, newKey] = await Promise.all([createTestKey('old-key'), createTestKey('new-key')]);
  });

  beforeEach(async () => {
    ({ simulator, clock } = await startTestSimulator({ keyPropagationDelaySeconds: 90 }));
    clientId = (await callApi(simulator, 'POST', '/clients', clientBody())).body.client_id;
  });

  afterEach(async () => {
    await simulator.close();
  });

  const tokenWith = async (key: TestKey) =>
    requestToken(simulator, await signGrant({ key, simulator, clock, clientId }));

  it('accepts a new key only once the delay has passed; the API shows it at once', async () => {
    const posted = await callApi(simulator, 'POST', `/clients/${clientId}/jwks`, { keys: [newKey.publicJwk] });
    expect(posted.body.keys.map((k: any) => k.kid)).toEqual(['new-key']);
    expectTokenError(await tokenWith(newKey), 'invalid_grant', 'MP-100', /Unknown key identifier/);
    clock.advance(89_000);
    expectTokenError(await tokenWith(newKey), 'invalid_grant', 'MP-100');
    clock.advance(1_000);
    expect((await tokenWith(newKey)).status).toBe(200);
  });

  it('keeps the previous set in force until the new one arrives (a replaced key still works meanwhile)', async () => {
    simulator.setClientKeys(clientId, [oldKey.publicJwk]);
    clock.advance(90_000);
    expect((await tokenWith(oldKey)).status).toBe(200);

    await callApi(simulator, 'POST', `/clients/${clientId}/jwks`, { keys: [newKey.publicJwk] });
    expect((await tokenWith(oldKey)).status).toBe(200);
    expectTokenError(await tokenWith(newKey), 'invalid_grant', 'MP-100');
    clock.advance(90_000);
    expectTokenError(await tokenWith(oldKey), 'invalid_grant', 'MP-100');
    expect((await tokenWith(newKey)).status).toBe(200);
  });

  it('is off by default, and seeded keys are in force at once', async () => {
    const instant = await startTestSimulator({ clients: [{ clientId: 'seeded', scopes: ['test:read'], keys: [oldKey.publicJwk] }] });
    try {
      const grant = await signGrant({ key: oldKey, simulator: instant.simulator, clock: instant.clock, clientId: 'seeded' });
      expect((await requestToken(instant.simulator, grant)).status).toBe(200);
    } finally {
      await instant.simulator.close();
    }
  });

  it('refuses a delay outside 0-600 seconds', async () => {
    await expect(startTestSimulator({ keyPropagationDelaySeconds: -1 })).rejects.toThrow(/keyPropagationDelaySeconds/);
    await expect(startTestSimulator({ keyPropagationDelaySeconds: 3600 })).rejects.toThrow(/keyPropagationDelaySeconds/);
  });
});
