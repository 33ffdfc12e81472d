// @ts-check

/**
 * The APIM version each Gravitee deployment was made on (`info.version` of the management
 * API's `GET /management/openapi.json`), beside the API id already kept: which routes the
 * next update may use depends on it, and issue 14's drift check reports it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('maskinporten_gravitee_deployments', table => {
    // Null for rows written before this column, and until the first call has answered.
    table.string('apim_version', 64).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('maskinporten_gravitee_deployments', table => {
    table.dropColumn('apim_version');
  });
};
