// @ts-check

/**
 * Provisioning requests from the scaffolder: one row per idempotency key.
 *
 * The row is written in the same transaction as the key it created, so a retried or racing
 * request with the same idempotency key finds the row (or loses the primary-key race) and
 * answers with that key instead of generating another. `fingerprint` is a hash of what was
 * asked for: the same key with a different request is a conflict, not a replay.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maskinporten_provisioning_requests', table => {
    table.comment('Idempotent provisioning of new Maskinporten integrations (scaffolder)');
    table.string('idempotency_key', 255).primary();
    table.string('fingerprint', 64).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 64).notNullable();
    table.string('kid', 128).notNullable();
    // Space separated: what a resumed registration asks Digdir for.
    table.text('scopes').notNullable();
    // Given by the caller, or the client Digdir's self-service API created.
    table.string('client_id', 255).nullable();
    table.boolean('register_with_digdir').notNullable();
    // Set once Digdir holds the key set; until then a replay resumes the registration.
    table.timestamp('registered_at', { useTz: true }).nullable();
    table.string('created_by', 255).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['entity_ref', 'environment'], 'maskinporten_provisioning_integration_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maskinporten_provisioning_requests');
};
