/**
 * A backend process for the gateway kill test: it advances an open rotation into its gateway
 * phase, and once the first gateway has been redeployed with the new key (committed) it says
 * so on stdout and waits to be killed (SIGKILL) before it can test through that gateway, carry
 * the next one or retire anything. Run with `node -r sucrase/register`; configured through
 * environment variables by `gatewayKill.test.ts`.
 */
import { ConfigReader } from '@backstage/config';
import { DatabaseService } from '@backstage/backend-plugin-api';
import knexFactory from 'knex';
import { ManualClock } from '@maskinporten-backstage/maskinporten-simulator';
import { ClientClaims } from '../../access/clientClaims';
import { readMaskinportenConfig } from '../../config/readMaskinportenConfig';
import { createStores } from '../../database';
import { DigdirSelfServiceClient } from '../../digdir/DigdirSelfServiceClient';
import { GraviteeGatewayTarget } from '../../gravitee/target/GraviteeGatewayTarget';
import { KeyEncryption } from '../../keys/KeyEncryption';
import { KeyIssuer } from '../../keys/KeyIssuer';
import { KeyRotationService } from '../../rotation/KeyRotationService';
import { GatewayPhase } from '../../rotation/gatewayPhase';
import { TokenTester } from '../../tokenTests/TokenTester';
import { GatewayTargets } from '../GatewayTargets';

export const REDEPLOYED_MARKER = 'GATEWAY-REDEPLOYED';

async function main() {
  const env = JSON.parse(process.env.CARRY_UNTIL_KILLED!);
  const knex = knexFactory(env.knexConfig);
  const clock = new ManualClock(new Date(env.clockMs));
  const now = () => clock.now();
  const config = readMaskinportenConfig(new ConfigReader({ maskinporten: env.maskinporten }));
  const database = { getClient: async () => knex, migrations: { skip: true } };
  const stores = await createStores(database as unknown as DatabaseService);
  const quiet = {
    info() {},
    warn() {},
    error() {},
    debug() {},
    child() {
      return quiet;
    },
  };
  const digdir = new DigdirSelfServiceClient({ environments: config.environments.values(), clock });
  const custody = new KeyEncryption(env.secret);
  const targets = new GatewayTargets([new GraviteeGatewayTarget({ config: config.gravitee.deploy!, logger: quiet, title: 'Gravitee' })]);
  const service = new KeyRotationService({
    clientClaims: new ClientClaims({ claims: stores.claims, declarations: stores.index, digdir, now }),
    rotationConfig: {
      schedule: { frequency: { minutes: 5 }, timeout: { minutes: 1 } },
      gracePeriodHours: 24,
      renewWithinDays: 30,
    },
    keys: stores.keys,
    index: stores.index,
    rotations: stores.rotations,
    issuer: new KeyIssuer({ keys: stores.keys, index: stores.index, custody, config: config.keys }),
    tester: new TokenTester({ config, custody, tokenTests: stores.tokenTests, logger: quiet }),
    digdir,
    logger: quiet,
    now,
    gateways: new GatewayPhase({
      deployments: stores.deployments,
      targets,
      keys: stores.keys,
      custody,
      environments: config.environments,
      logger: quiet,
      now,
      afterStep: async event => {
        if (event === 'gateway-redeployed') {
          process.stdout.write(`${REDEPLOYED_MARKER}\n`);
          // Hold here, between "redeployed" and "tested through the gateway", until killed.
          await new Promise(() => {});
        }
      },
    }),
  });
  await service.advance(env.rotationId);
  process.stdout.write('CARRIED-UNEXPECTEDLY\n');
}

if (require.main === module) {
  main().catch(error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
