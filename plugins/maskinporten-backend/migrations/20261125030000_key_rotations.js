// @ts-check

/**
 * Key rotations: one row per rotation of one integration (entity ref + environment).
 *
 * `open_slot` is 'open' while a rotation is in progress and NULL once it has ended. A unique
 * index over (entity_ref, environment, open_slot) therefore allows any number of finished
 * rotations but at most one open one per integration, on SQLite and PostgreSQL alike (both
 * treat NULLs as distinct in unique indexes), so two replicas starting a rotation at the same
 * moment end up sharing one row.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maskinporten_key_rotations', table => {
    table.comment('Key rotations (sliding window) of Maskinporten integrations, resumable step by step');
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 64).notNullable();
    table.string('client_id', 255).notNullable();
    // Space separated: what the verification token test asks for.
    table.text('scopes').notNullable();
    // 'self-service' (we post the set to Digdir) or 'manual' (the user uploads it).
    table.string('mode', 16).notNullable();
    table.string('phase', 24).notNullable();
    table.string('open_slot', 8).nullable();
    // Recorded in the same transaction as the key insert: a crash after generation resumes
    // with this key instead of generating another.
    table.string('new_kid', 128).nullable();
    // JSON array of the kids this rotation replaces.
    table.text('old_kids').notNullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.text('last_error').nullable();
    table.string('started_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('registered_at', { useTz: true }).nullable();
    table.timestamp('verified_at', { useTz: true }).nullable();
    // When the old keys may leave the registered set: verification + grace period.
    table.timestamp('retire_after', { useTz: true }).nullable();
    table.timestamp('completed_at', { useTz: true }).nullable();
    table.unique(['entity_ref', 'environment', 'open_slot'], {
      indexName: 'maskinporten_key_rotations_one_open_idx',
    });
    table.index(['open_slot', 'updated_at'], 'maskinporten_key_rotations_open_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maskinporten_key_rotations');
};
