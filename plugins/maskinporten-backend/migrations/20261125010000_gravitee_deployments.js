// @ts-check

/**
 * One row per integration, environment and Gravitee definition format: the API id Gravitee
 * gave the token service on first import, so that a later deploy updates that API instead
 * of importing a twin, and the outcome of the last deploy.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maskinporten_gravitee_deployments', table => {
    table.comment('Gravitee APIs deployed for Maskinporten integrations, and the last outcome');
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 64).notNullable();
    table.string('format', 8).notNullable();
    // Null until the first import has answered with an id.
    table.string('api_id', 255).nullable();
    table.string('status', 16).notNullable();
    table.text('last_error').nullable();
    table.string('deployed_by', 255).nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['entity_ref', 'environment', 'format'], {
      indexName: 'maskinporten_gravitee_deployments_uniq',
    });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maskinporten_gravitee_deployments');
};
