import { mockServices, startTestBackend, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { decodeJwt } from 'jose';
import { createMaskinportenSimulatorPlugin, maskinportenSimulatorPlugin } from './plugin';
import { createTestKey, signGrant } from '../testing/harness';
import { ManualClock } from '../clock';
import type { MaskinportenSimulator } from '../server';

describe('maskinportenSimulatorPlugin', () => {
  // A managed database, closed after the tests: the plugin keeps its signing key there.
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const database = async () => mockServices.database.factory({ knex: await databases.init('SQLITE_3') });
  const started: Array<{ stop(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map(b => b.stop()));
  });
  it('serves the simulator unauthenticated with the plugin base URL as issuer', async () => {
    const key = await createTestKey('plugin-key');
    const logger = mockServices.logger.mock();
    const backend = await startTestBackend({
      features: [
        maskinportenSimulatorPlugin,
        await database(),
        mockServices.rootConfig.factory({
          data: {
            maskinportenSimulator: {
              adminToken: 'plugin-admin',
              scopes: ['dev:read'],
              accessTokenLifetimeSeconds: 60,
              clients: [
                {
                  clientId: 'dev-client',
                  scopes: ['dev:read'],
                  keys: [key.publicJwk],
                },
              ],
            },
          },
        }),
        logger.factory,
      ],
    });
    started.push(backend);
    const { server } = backend;

    const metadata = await request(server).get(
      '/api/maskinporten-simulator/.well-known/oauth-authorization-server',
    );
    expect(metadata.status).toBe(200);
    const issuer: string = metadata.body.issuer;
    expect(issuer).toMatch(/^http:\/\/localhost:\d+\/api\/maskinporten-simulator\/$/);
    expect(metadata.body.token_endpoint).toBe(`${issuer}token`);

    const assertion = await signGrant({
      key,
      clock: new ManualClock(),
      clientId: 'dev-client',
      scope: 'dev:read',
      simulator: { issuer } as MaskinportenSimulator,
    });
    const token = await request(server)
      .post('/api/maskinporten-simulator/token')
      .type('form')
      .send({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
    expect(token.status).toBe(200);
    expect(token.body.expires_in).toBe(60);
    expect(decodeJwt(token.body.access_token).iss).toBe(issuer);

    const clients = await request(server)
      .get('/api/maskinporten-simulator/api/v1/clients')
      .set('authorization', 'Bearer plugin-admin');
    expect(clients.status).toBe(200);
    expect(clients.body.map((c: { client_id: string }) => c.client_id)).toEqual(['dev-client']);

    expect(logger.info).toHaveBeenCalledWith(expect.stringContaining(`issuer ${issuer}`));
  });

  it('runs a second, separate simulator under its own plugin id and config block', async () => {
    const key = await createTestKey('prod-key');
    const backend = await startTestBackend({
      features: [
        maskinportenSimulatorPlugin,
        await database(),
        createMaskinportenSimulatorPlugin({
          pluginId: 'maskinporten-simulator-prod',
          configKey: 'maskinportenSimulatorProd',
        }),
        mockServices.rootConfig.factory({
          data: {
            maskinportenSimulator: { scopes: ['dev:read'], clients: [] },
            maskinportenSimulatorProd: {
              scopes: ['dev:read'],
              clients: [{ clientId: 'prod-client', scopes: ['dev:read'], keys: [key.publicJwk] }],
            },
          },
        }),
      ],
    });
    started.push(backend);
    const { server } = backend;
    const prodIssuer: string = (
      await request(server).get('/api/maskinporten-simulator-prod/.well-known/oauth-authorization-server')
    ).body.issuer;
    expect(prodIssuer).toMatch(/\/api\/maskinporten-simulator-prod\/$/);
    // One database, two simulators: each keeps its own signing key.
    const kid = async (id: string) => (await request(server).get(`/api/${id}/jwk`)).body.keys[0].kid;
    expect(await kid('maskinporten-simulator')).not.toBe(await kid('maskinporten-simulator-prod'));
    const grant = (issuer: string) =>
      signGrant({
        key,
        clock: new ManualClock(),
        clientId: 'prod-client',
        scope: 'dev:read',
        simulator: { issuer } as MaskinportenSimulator,
      });
    const send = async (path: string, assertion: string) =>
      request(server)
        .post(path)
        .type('form')
        .send({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });

    expect((await send('/api/maskinporten-simulator-prod/token', await grant(prodIssuer))).status).toBe(200);
    // The first simulator knows neither the client nor the prod issuer as its audience.
    const elsewhere = await send('/api/maskinporten-simulator/token', await grant(prodIssuer));
    expect(elsewhere.status).toBe(400);
  });

  // The plugin keeps its signing key in its database, so a resource server's cached JWKS
  // (Digdir: fetch keys from jwks_uri, maskinporten_func_wellknown) survives a restart.
  it('keeps its signing key in the plugin database across backend restarts', async () => {
    const knex = await databases.init('SQLITE_3');
    const start = () =>
      startTestBackend({
        features: [
          maskinportenSimulatorPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: { maskinportenSimulator: { keyPropagationDelaySeconds: 30, scopes: ['dev:read'] } },
          }),
        ],
      });
    const first = await start();
    const jwks = (await request(first.server).get('/api/maskinporten-simulator/jwk')).body;
    await first.stop();
    const second = await start();
    try {
      expect((await request(second.server).get('/api/maskinporten-simulator/jwk')).body).toEqual(jwks);
      expect(jwks.keys).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});

