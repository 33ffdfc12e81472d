import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { decodeJwt } from 'jose';
import { createMaskinportenSimulatorPlugin, maskinportenSimulatorPlugin } from './plugin';
import { createTestKey, signGrant } from '../testing/harness';
import { ManualClock } from '../clock';
import type { MaskinportenSimulator } from '../server';

describe('maskinportenSimulatorPlugin', () => {
  it('serves the simulator unauthenticated with the plugin base URL as issuer', async () => {
    const key = await createTestKey('plugin-key');
    const logger = mockServices.logger.mock();
    const { server } = await startTestBackend({
      features: [
        maskinportenSimulatorPlugin,
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
    const { server } = await startTestBackend({
      features: [
        maskinportenSimulatorPlugin,
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
    const prodIssuer: string = (
      await request(server).get('/api/maskinporten-simulator-prod/.well-known/oauth-authorization-server')
    ).body.issuer;
    expect(prodIssuer).toMatch(/\/api\/maskinporten-simulator-prod\/$/);
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
});
