// @ts-check

/**
 * State of the expiry scan.
 *
 * `maskinporten_expiry_notifications`: per key, the expiry state the owner was last told
 * about. The scan notifies only when a key's state differs from this row, so repeated scans
 * stay quiet and a change (warning → critical) updates the one notification of that key.
 *
 * `maskinporten_expiry_scans`: one row per completed scan, for the status route (last run,
 * next run) and to show that a global schedule runs once per interval across replicas.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maskinporten_expiry_notifications', table => {
    table.comment('Expiry state of each key as last reported to its owner');
    table.string('kid', 128).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 64).notNullable();
    // ok | warning | critical | expired | superseded
    table.string('state', 16).notNullable();
    // notifications | log | none (no owner to tell)
    table.string('delivery', 16).notNullable();
    table.timestamp('notified_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('maskinporten_expiry_scans', table => {
    table.comment('Completed expiry scans: when, and what they found');
    table.increments('id').primary();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).notNullable();
    // succeeded | failed
    table.string('outcome', 16).notNullable();
    table.integer('scanned').notNullable();
    table.integer('changed').notNullable();
    table.integer('ok').notNullable();
    table.integer('warning').notNullable();
    table.integer('critical').notNullable();
    table.integer('expired').notNullable();
    table.text('error').nullable();
    table.index(['finished_at'], 'maskinporten_expiry_scans_finished_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maskinporten_expiry_scans');
  await knex.schema.dropTable('maskinporten_expiry_notifications');
};
