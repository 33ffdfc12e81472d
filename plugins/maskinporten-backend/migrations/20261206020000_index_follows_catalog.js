// @ts-check

/**
 * The integration index follows the catalog instead of rewriting itself: a sync compares each
 * entity's `metadata.etag` with the one stored here and writes only rows that changed, and it
 * deletes the rows of entities it no longer saw by primary key. The generation stamp, which
 * made every sync rewrite every row and delete through an unindexed `whereNot`, goes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('maskinporten_integrations', table => {
    // The catalog's etag of the entity the row was built from; null for rows of old syncs.
    table.string('entity_etag', 64).nullable();
  });
  await knex.schema.alterTable('maskinporten_integrations', table => {
    table.dropColumn('sync_generation');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // The index is a cache of the catalog, rebuilt by the next sync: emptying it lets the old
  // column come back exactly as it was (not null, no default).
  await knex('maskinporten_integrations').delete();
  await knex.schema.alterTable('maskinporten_integrations', table => {
    table.string('sync_generation', 36).notNullable().defaultTo('');
  });
  await knex.schema.alterTable('maskinporten_integrations', table => {
    table.string('sync_generation', 36).notNullable().alter();
  });
  await knex.schema.alterTable('maskinporten_integrations', table => {
    table.dropColumn('entity_etag');
  });
};
