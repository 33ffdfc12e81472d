// @ts-check

/**
 * Client claims: a Maskinporten client id belongs to exactly one integration (entity and
 * environment). The first integration that uses a client through this backend (or the one
 * the backend created the client for) holds it; every other integration that declares the
 * same client id is refused. Without this, an entity anyone can edit could carry another
 * team's client id and have rotation post its key onto their client.
 *
 * Locks: leases that serialise read-modify-write of one Digdir client's key set across
 * replicas and processes, on SQLite and PostgreSQL alike. A lease expires, so a process
 * killed while holding one blocks others only until then.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maskinporten_client_claims', table => {
    table.comment('Which integration holds each Maskinporten client id');
    table.string('environment', 64).notNullable();
    table.string('client_id', 255).notNullable();
    table.string('entity_ref', 255).notNullable();
    // provisioned | digdir | first-use | assigned
    table.string('source', 32).notNullable();
    table.string('claimed_by', 255).notNullable();
    table.timestamp('claimed_at', { useTz: true }).notNullable();
    table.primary(['environment', 'client_id']);
    table.index(['entity_ref'], 'maskinporten_client_claims_entity_idx');
  });
  await knex.schema.alterTable('maskinporten_integrations', table => {
    table.index(['environment', 'client_id'], 'maskinporten_integrations_client_idx');
  });
  await knex.schema.createTable('maskinporten_locks', table => {
    table.comment('Short leases serialising work on one resource across replicas');
    table.string('name', 512).primary();
    table.string('holder', 64).notNullable();
    table.bigInteger('expires_at_ms').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maskinporten_locks');
  await knex.schema.alterTable('maskinporten_integrations', table => {
    table.dropIndex(['environment', 'client_id'], 'maskinporten_integrations_client_idx');
  });
  await knex.schema.dropTable('maskinporten_client_claims');
};
