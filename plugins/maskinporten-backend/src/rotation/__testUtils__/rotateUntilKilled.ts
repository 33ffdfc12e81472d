/**
 * A backend process for the process-kill test: it starts a rotation, and once the new key is
 * generated and committed it says so on stdout and waits to be killed (SIGKILL) before it can
 * register the key. Run with `node -r sucrase/register`; configured through environment
 * variables by `processKill.test.ts`.
 */
import { ConfigReader } from '@backstage/config';
import { DatabaseService } from '@backstage/backend-plugin-api';
import knexFactory from 'knex';
import { ManualClock } from '@maskinporten-backstage/maskinporten-simulator';
import { readMaskinportenConfig } from '../../config/readMaskinportenConfig';
import { createStores } from '../../database';
import { DigdirSelfServiceClient } from '../../digdir/DigdirSelfServiceClient';
import { KeyEncryption } from '../../keys/KeyEncryption';
import { KeyIssuer } from '../../keys/KeyIssuer';
import { TokenTester } from '../../tokenTests/TokenTester';
import { KeyRotationService } from '../KeyRotationService';
import { ClientClaims } from '../../access/clientClaims';

export const GENERATED_MARKER = 'ROTATION-KEY-GENERATED';

async function main() {
  const env = JSON.parse(process.env.ROTATE_UNTIL_KILLED!);
  const knex = knexFactory(env.knexConfig);
  const clock = new ManualClock(new Date(env.clockMs));
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
  const service = new KeyRotationService({
    clientClaims: new ClientClaims({
      claims: stores.claims,
      declarations: stores.index,
      digdir,
      now: () => clock.now(),
    }),
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
    now: () => clock.now(),
    afterStep: async phase => {
      if (phase === 'generated') {
        process.stdout.write(`${GENERATED_MARKER}\n`);
        // Hold here, between "key generated" and "key registered", until the test kills us.
        await new Promise(() => {});
      }
    },
  });
  await service.start(env.target, 'user:default/ada');
  process.stdout.write('ROTATION-FINISHED-UNEXPECTEDLY\n');
}

if (require.main === module) {
  main().catch(error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
