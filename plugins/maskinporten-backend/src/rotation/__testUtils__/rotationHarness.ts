import { createPrivateKey, randomUUID } from 'node:crypto';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { ManualClock, MaskinportenSimulator } from '@maskinporten-backstage/maskinporten-simulator';
import { Knex } from 'knex';
import { MaskinportenConfig, readMaskinportenConfig } from '../../config/readMaskinportenConfig';
import { MaskinportenStores, StoredKey, createStores } from '../../database';
import type { GatewayPhase } from '../gatewayPhase';
import { DigdirSelfServiceClient } from '../../digdir/DigdirSelfServiceClient';
import { KeyEncryption } from '../../keys/KeyEncryption';
import { KeyIssuer } from '../../keys/KeyIssuer';
import { createKid, generateRsaKey } from '../../keys/generateKeyPair';
import { signGrant } from '../../tokenTests/grant';
import { TokenRequestResult, requestToken } from '../../tokenTests/tokenClient';
import { pickSigningKey } from '../../keys/keyViews';
import { TokenTester } from '../../tokenTests/TokenTester';
import { KeyRotationService, KeyRotationServiceOptions } from '../KeyRotationService';
import { RotationConfig } from '../readRotationConfig';
import { ClientClaims } from '../../access/clientClaims';

export const ADMIN_TOKEN = 'rotation-admin-token';
export const SCOPES = ['dfo:ansatte'];
export const SECRET = 'rotation-test-secret-that-is-long-enough-0123456789';

/**
 * One backend's worth of rotation parts on a real database, talking HTTP to a real simulator
 * whose clock is also the backend's clock.
 */
export async function createRotationHarness(options: {
  knex: Knex;
  simulator: MaskinportenSimulator;
  clock: ManualClock;
  selfService: boolean;
  digdirTimeoutMs?: number;
  rotationConfig?: Partial<RotationConfig>;
  afterStep?: KeyRotationServiceOptions['afterStep'];
  /** Stands in for the client-claim check (the real one by default). */
  clientClaims?: KeyRotationServiceOptions['clientClaims'];
  /** What the token tester sends token requests with (to look at the grants). */
  fetchImpl?: typeof fetch;
  keyPropagation?: KeyRotationServiceOptions['keyPropagation'];
  /** The gateway phase, built over this harness's stores and key custody. */
  gateways?: (parts: {
    stores: MaskinportenStores;
    custody: KeyEncryption;
    config: MaskinportenConfig;
    now: () => Date;
  }) => GatewayPhase;
}) {
  const { knex, simulator, clock } = options;
  const config = readMaskinportenConfig(
    new ConfigReader({
      maskinporten: {
        environments: {
          test: {
            issuer: simulator.issuer,
            tokenEndpoint: simulator.tokenEndpoint,
            ...(options.selfService && {
              selfService: {
                baseUrl: simulator.selfServiceBaseUrl,
                auth: { adminToken: ADMIN_TOKEN },
                timeoutMs: options.digdirTimeoutMs ?? 2000,
                retries: 1,
                backoffMs: 0,
              },
            }),
          },
        },
        keys: { modulusLength: 2048, kidPrefix: 'rot' },
        tokenTests: { timeoutMs: 5000 },
      },
    }),
  );
  const stores = await createStores(mockServices.database({ knex }));
  const keyEncryption = new KeyEncryption(SECRET);
  const now = () => clock.now();
  const logger = mockServices.logger.mock();
  const digdir = new DigdirSelfServiceClient({
    environments: config.environments.values(),
    clock,
  });
  const clientClaims =
    options.clientClaims ??
    new ClientClaims({ claims: stores.claims, declarations: stores.index, digdir, now });
  const issuer = new KeyIssuer({ keys: stores.keys, index: stores.index, custody: keyEncryption, config: config.keys });
  const tester = new TokenTester({
    config,
    custody: keyEncryption,
    tokenTests: stores.tokenTests,
    logger,
    fetchImpl: options.fetchImpl,
  });
  const service = new KeyRotationService({
    clientClaims,
    rotationConfig: {
      schedule: { frequency: { minutes: 5 }, timeout: { minutes: 1 } },
      gracePeriodHours: 24,
      renewWithinDays: 30,
      ...options.rotationConfig,
    },
    keys: stores.keys,
    index: stores.index,
    rotations: stores.rotations,
    issuer,
    tester,
    digdir,
    logger,
    now,
    afterStep: options.afterStep,
    // Waiting for a key to propagate moves the shared clock instead of sleeping.
    keyPropagation: options.keyPropagation ?? { sleep: async ms => clock.advance(ms), now },
    gateways: options.gateways?.({ stores, custody: keyEncryption, config, now }),
  });

  /** A key made and registered the way an earlier, finished setup would have left it. */
  async function seedActiveKey(target: { entityRef: string; clientId: string }): Promise<StoredKey> {
    const generated = await generateRsaKey({
      kid: createKid({ prefix: 'seed', environment: 'test', entityName: 'x', now: clock.now() }),
      modulusLength: 2048,
    });
    const key: StoredKey = {
      id: randomUUID(),
      kid: generated.kid,
      entityRef: target.entityRef,
      environment: 'test',
      clientId: target.clientId,
      algorithm: 'RS256',
      modulusLength: 2048,
      publicJwk: generated.publicJwk,
      privateKeyCiphertext: keyEncryption.encrypt(generated.privateKeyPem, generated.kid),
      encryptionSecretId: keyEncryption.currentSecretId,
      state: 'active',
      createdAt: clock.now(),
      registeredAt: clock.now(),
      expiresAt: new Date(clock.now().getTime() + 365 * 86_400_000),
    };
    await stores.keys.insertWithinLimit(key, { maxLiveKeys: 5, now: clock.now() });
    const existing = simulator.getClient(target.clientId)?.keys ?? [];
    simulator.setClientKeys(target.clientId, [
      ...existing.map(k => stripExp(k.jwk as any)),
      generated.publicJwk,
    ]);
    return key;
  }

  /** Asks the simulator for a token signed with `kid`, or the integration's signing key. */
  async function requestTokenWith(
    target: { entityRef: string; clientId: string },
    kid?: string,
  ): Promise<TokenRequestResult & { kid: string }> {
    const keys = await stores.keys.list({ entityRef: target.entityRef, environment: 'test' });
    const key = kid ? keys.find(k => k.kid === kid) : pickSigningKey(keys, clock.now());
    if (!key) {
      throw new Error(`no key ${kid ?? '(signing)'} for ${target.entityRef}`);
    }
    const assertion = await signGrant({
      issuer: simulator.issuer,
      clientId: target.clientId,
      scopes: SCOPES,
      kid: key.kid,
      privateKey: createPrivateKey(keyEncryption.decrypt(key.privateKeyCiphertext, key.kid)),
      now: clock.now(),
      lifetimeSeconds: 120,
    });
    const result = await requestToken({
      tokenEndpoint: simulator.tokenEndpoint,
      assertion,
      timeoutMs: 5000,
    });
    return { ...result, kid: key.kid };
  }

  return { config, stores, service, keyEncryption, seedActiveKey, requestTokenWith };
}

function stripExp(jwk: Record<string, unknown>) {
  const { exp: _exp, ...rest } = jwk;
  return rest;
}

/** The kids the simulator holds for a client, in its order. */
export function registeredKids(simulator: MaskinportenSimulator, clientId: string): string[] {
  return (simulator.getClient(clientId)?.keys ?? []).map(k => (k.jwk as { kid: string }).kid);
}
