// @ts-check

/**
 * A rotation verifies its new key with the same grant the integration's real token requests
 * use: the audience restriction (`resource`) and `consumer_org` as well as the scopes. Before,
 * rotation kept only the scopes, so a verification could pass where the integration failed.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('maskinporten_key_rotations', table => {
    // JSON: {"resources": [...], "consumerOrg": "..."}; null for rotations started before.
    table.text('grant_claims').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('maskinporten_key_rotations', table => {
    table.dropColumn('grant_claims');
  });
};
