// @ts-check

/**
 * The integration index: one row per catalog entity with Maskinporten annotations, kept in
 * step with the catalog by a scheduled sync, so that listing, filtering, sorting by expiry
 * and paging happen in SQL instead of walking the catalog on each request.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maskinporten_integrations', table => {
    table.comment('Index of catalog entities that declare a Maskinporten integration');
    table.string('entity_ref', 255).primary();
    table.string('environment', 64).notNullable();
    table.string('title', 255).nullable();
    table.string('owner', 255).nullable();
    table.string('client_id', 255).nullable();
    table.text('scopes').notNullable();
    table.text('integration_json').notNullable();
    table.text('search_text').notNullable();
    // Epoch milliseconds of the signing key's expiry; a far-future sentinel when there is
    // none, so ORDER BY needs no NULLS LAST (which SQLite and PostgreSQL order differently).
    table.bigInteger('expiry_sort').notNullable();
    table.string('sync_generation', 36).notNullable();
    table.timestamp('synced_at', { useTz: true }).notNullable();
    table.index(['expiry_sort', 'entity_ref'], 'maskinporten_integrations_expiry_idx');
    table.index(['owner', 'expiry_sort'], 'maskinporten_integrations_owner_idx');
    table.index(['environment', 'expiry_sort'], 'maskinporten_integrations_env_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('maskinporten_integrations');
};
