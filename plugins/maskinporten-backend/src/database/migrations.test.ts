import { TestDatabases } from '@backstage/backend-test-utils';
import { readdirSync } from 'node:fs';
import { MIGRATIONS_DIRECTORY } from '.';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** Every table the migrations create: one store per table (see the package README). */
const TABLES = [
  'maskinporten_client_claims',
  'maskinporten_expiry_notifications',
  'maskinporten_expiry_scans',
  'maskinporten_gateway_deployments',
  'maskinporten_integrations',
  'maskinporten_key_rotations',
  'maskinporten_keys',
  'maskinporten_locks',
  'maskinporten_provisioning_requests',
  'maskinporten_token_tests',
];

describe.each(databases.eachSupportedId())('migrations on %p', databaseId => {
  it('run up to the latest, down one by one to nothing, and up again', async () => {
    const knex = await databases.init(databaseId);
    const directory = MIGRATIONS_DIRECTORY;
    const migrations = readdirSync(directory).filter(file => file.endsWith('.js'));
    const present = async () =>
      (await Promise.all(TABLES.map(async table => ((await knex.schema.hasTable(table)) ? table : undefined)))).filter(
        Boolean,
      );

    await knex.migrate.latest({ directory });
    expect(await present()).toEqual(TABLES);

    let steps = 0;
    while ((await knex.migrate.currentVersion({ directory })) !== 'none') {
      await knex.migrate.down({ directory });
      steps++;
    }
    expect(steps).toBe(migrations.length);
    expect(await present()).toEqual([]);

    await knex.migrate.latest({ directory });
    expect(await present()).toEqual(TABLES);
    await knex.destroy();
  });
});
