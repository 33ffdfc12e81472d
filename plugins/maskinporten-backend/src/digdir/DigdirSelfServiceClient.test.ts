import { PublicJwk } from '@maskinporten-backstage/plugin-maskinporten-common';
import { DAY_MS, input, keys, useSelfServiceSimulator } from './__testUtils__/selfServiceHarness';
import { DigdirRejectedError, TooManyKeysError } from './types';

describe('DigdirSelfServiceClient against the simulator', () => {
  const env = useSelfServiceSimulator();
  const { clientFor, withAdminToken, requestsTo, clientsWith } = env;

  describe('with the admin token', () => {
    it('creates a client once and finds it again', async () => {
      const client = withAdminToken();
      expect(client.isConfigured('test')).toBe(true);
      expect(client.isConfigured('prod')).toBe(false);

      const first = await client.ensureClient('test', input);
      expect(first).toEqual({
        created: true,
        client: {
          clientId: expect.any(String),
          clientName: input.clientName,
          description: input.description,
          scopes: ['dfo:ansatte'],
          active: true,
        },
      });
      const second = await client.ensureClient('test', input);
      expect(second).toEqual({ created: false, client: first.client });
      expect(clientsWith(input.description)).toHaveLength(1);

      // The body Digdir gets is the documented Maskinporten client.
      const stored = env.simulator.getClient(first.client.clientId)!;
      expect(stored).toMatchObject({
        integrationType: 'maskinporten',
        applicationType: 'web',
        tokenEndpointAuthMethod: 'private_key_jwt',
        grantTypes: ['urn:ietf:params:oauth:grant-type:jwt-bearer'],
      });

      expect(await client.getClient('test', first.client.clientId)).toEqual(first.client);
      expect(await client.getClient('test', 'no-such-client')).toBeUndefined();
      expect(await client.findClientByDescription('test', 'nobody')).toBeUndefined();
      expect(await client.getJwks('test', first.client.clientId)).toEqual([]);
    });

    it('registers, reads back and deletes a key set', async () => {
      const client = withAdminToken();
      const { client: created } = await client.ensureClient('test', input);
      const registered = await client.replaceJwks('test', created.clientId, keys.slice(0, 2));
      const exp = Math.floor(env.clock.now().getTime() / 1000) + 365 * 24 * 3600;
      expect(registered).toEqual([
        { ...keys[0], exp },
        { ...keys[1], exp },
      ]);
      expect(await client.getJwks('test', created.clientId)).toEqual(registered);

      env.simulator.clearRequests();
      expect(await client.replaceJwks('test', created.clientId, [])).toEqual([]);
      expect(env.simulator.requests.map(r => r.method)).toEqual(['DELETE']);
      expect(env.simulator.getClient(created.clientId)!.keys).toEqual([]);
    });

    it('renews a key set when the same set is posted again', async () => {
      const client = withAdminToken();
      const { client: created } = await client.ensureClient('test', input);
      const [before] = await client.replaceJwks('test', created.clientId, [keys[0]]);
      env.clock.advance(300 * DAY_MS);
      const [after] = await client.replaceJwks('test', created.clientId, [keys[0]]);
      expect(after.kid).toBe(keys[0].kid);
      expect(after.exp! - before.exp!).toBe(300 * 24 * 3600);
      expect(after.exp).toBe(Math.floor(env.clock.now().getTime() / 1000) + 365 * 24 * 3600);
    });

    it('refuses six keys before sending anything', async () => {
      const client = withAdminToken();
      const { client: created } = await client.ensureClient('test', input);
      env.simulator.clearRequests();
      const attempt = client.replaceJwks('test', created.clientId, keys);
      await expect(attempt).rejects.toBeInstanceOf(TooManyKeysError);
      await expect(attempt).rejects.toMatchObject({ statusCode: 409 });
      expect(env.simulator.requests).toEqual([]);
    });

    it('refuses private key members before sending anything', async () => {
      const client = withAdminToken();
      env.simulator.clearRequests();
      const withPrivate = { ...keys[0], d: 'secret-exponent' } as PublicJwk;
      await expect(client.replaceJwks('test', 'any', [withPrivate])).rejects.toThrow(
        /keys\[0\].*private member\(s\) d/,
      );
      expect(env.simulator.requests).toEqual([]);
    });

    it('reports a 4xx as DigdirRejectedError with Digdir\'s description', async () => {
      const client = withAdminToken();
      const attempt = client.ensureClient('test', { ...input, scopes: ['nav:secret'] });
      await expect(attempt).rejects.toBeInstanceOf(DigdirRejectedError);
      await expect(attempt).rejects.toMatchObject({
        statusCode: 502,
        // Digdir's errors[] with the field it names, and the correlation id for Digdir's support.
        message: expect.stringMatching(
          /HTTP 400 \(scopes: "nav:secret" is not in the scope catalogue; correlation id [0-9a-f]{32}\)$/,
        ),
      });
      // A rejection is final: one POST, no retries.
      expect(requestsTo('/api/v1/clients', 'POST')).toHaveLength(1);
    });

    it('reports a wrong admin token as a rejection naming the config key, not the token', async () => {
      const client = clientFor({ auth: { adminToken: 'wrong-token-value' } });
      const attempt = client.findClientByDescription('test', 'x');
      await expect(attempt).rejects.toBeInstanceOf(DigdirRejectedError);
      const error = await attempt.catch(e => e);
      expect(error.message).toContain('selfService.auth.adminToken');
      expect(error.message).toContain('HTTP 401');
      expect(error.message).not.toContain('wrong-token-value');
    });
  });

  // "Deaktiverte entiteter vil ikke komme opp i GET utlistinger som default"
  // (https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin_maskinporten, "Inaktive entiteter").
  describe('deactivated clients', () => {
    it('never adopts a deleted client: ensureClient makes a new one', async () => {
      const client = withAdminToken();
      const { client: first } = await client.ensureClient('test', input);
      env.simulator.deactivateClient(first.clientId);
      expect(await client.findClientByDescription('test', input.description)).toBeUndefined();
      const { client: second, created } = await client.ensureClient('test', input);
      expect(created).toBe(true);
      expect(second.clientId).not.toBe(first.clientId);
      expect(second.active).toBe(true);
    });

    // A listing that still shows deactivated clients (inactive=true, or an older API) and a
    // client of another integration type with the same description: digdirator matches on
    // description and integration type too (nais/digdirator pkg/digdir/client.go, clientMatches).
    it('skips listed clients that are inactive or not Maskinporten clients', async () => {
      const client = withAdminToken();
      const listed = (extra: Record<string, unknown>) => ({
        client_id: `c-${Object.values(extra).join('-')}`,
        client_name: 'x',
        description: input.description,
        integration_type: 'maskinporten',
        active: true,
        ...extra,
      });
      env.simulator.faults.add({
        method: 'GET',
        path: '/api/v1/clients',
        status: 200,
        body: [listed({ active: false }), listed({ integration_type: 'idporten' }), listed({ client_id: 'the-one' })],
      });
      expect(await client.findClientByDescription('test', input.description)).toMatchObject({ clientId: 'the-one', active: true });
      env.simulator.faults.clear();
      env.simulator.faults.add({ method: 'GET', path: '/api/v1/clients', status: 200, body: [listed({ active: false })] });
      expect(await client.findClientByDescription('test', input.description)).toBeUndefined();
    });
  });
});
