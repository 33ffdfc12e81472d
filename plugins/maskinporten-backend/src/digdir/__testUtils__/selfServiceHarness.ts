import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/config';
import {
  ManualClock,
  MaskinportenSimulator,
} from '@maskinporten-backstage/maskinporten-simulator';
import { PublicJwk } from '@maskinporten-backstage/plugin-maskinporten-common';
import { DigdirSelfServiceClient } from '../DigdirSelfServiceClient';

export const ADMIN_TOKEN = 'sim-admin-token-for-tests';
export const DCR_SCOPES = ['idporten:dcr.read', 'idporten:dcr.write', 'idporten:dcr.modify'];
export const DAY_MS = 24 * 60 * 60 * 1000;

export function rsaKey() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicKey };
}

export function publicJwk(publicKey: KeyObject, kid: string): PublicJwk {
  const { n, e } = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return { kty: 'RSA', alg: 'RS256', use: 'sig', kid, e, n };
}

export const pem = (privateKey: KeyObject) =>
  privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

export const input = {
  clientName: 'Lønn service (test)',
  description: 'backstage:component:default/lonn-service:test',
  scopes: ['dfo:ansatte'],
};

/** One key pair serves every integration key (kids differ), one the admin client. */
export const integration = rsaKey();
export const admin = rsaKey();
export const keys = [1, 2, 3, 4, 5, 6].map(i => publicJwk(integration.publicKey, `integration-key-${i}`));

export interface SelfServiceEnv {
  clock: ManualClock;
  simulator: MaskinportenSimulator;
  clientFor(selfService: JsonObject): DigdirSelfServiceClient;
  withAdminToken(extra?: JsonObject): DigdirSelfServiceClient;
  withAdminClient(extra?: JsonObject): DigdirSelfServiceClient;
  requestsTo(path: string | RegExp, method?: string): MaskinportenSimulator['requests'];
  clientsWith(description: string): ReturnType<MaskinportenSimulator['listClients']>;
}

/**
 * A simulator per test (started in beforeEach, closed in afterEach) with an admin client
 * `admin-with-kid`, and self-service clients configured against it.
 */
export function useSelfServiceSimulator(): SelfServiceEnv {
  const env = {
    clientFor(selfService: JsonObject) {
      const config = new ConfigReader({
        maskinporten: {
          environments: {
            test: {
              issuer: env.simulator.issuer,
              tokenEndpoint: env.simulator.tokenEndpoint,
              selfService: { baseUrl: env.simulator.selfServiceBaseUrl, backoffMs: 1, ...selfService },
            },
          },
        },
      });
      return DigdirSelfServiceClient.fromConfig(config, { clock: env.clock });
    },
    withAdminToken: (extra: JsonObject = {}) => env.clientFor({ auth: { adminToken: ADMIN_TOKEN }, ...extra }),
    withAdminClient: (extra: JsonObject = {}) =>
      env.clientFor({
        auth: { clientId: 'admin-with-kid', privateKey: pem(admin.privateKey), keyId: 'admin-key' },
        ...extra,
      }),
    requestsTo: (path: string | RegExp, method?: string) =>
      env.simulator.requests.filter(
        r => (typeof path === 'string' ? r.path === path : path.test(r.path)) && (!method || r.method === method),
      ),
    clientsWith: (description: string) =>
      env.simulator.listClients().filter(c => c.description === description),
  } as SelfServiceEnv;

  beforeEach(async () => {
    env.clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
    env.simulator = await MaskinportenSimulator.start({
      port: 0,
      clock: env.clock,
      adminToken: ADMIN_TOKEN,
      scopes: ['dfo:ansatte', 'dfo:organisasjon', ...DCR_SCOPES],
      clients: [{ clientId: 'admin-with-kid', scopes: DCR_SCOPES, keys: [publicJwk(admin.publicKey, 'admin-key')] }],
    });
  });

  afterEach(async () => {
    await env.simulator.close();
  });

  return env;
}
