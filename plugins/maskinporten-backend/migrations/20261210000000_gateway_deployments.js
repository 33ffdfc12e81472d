// @ts-check
const { randomUUID } = require('node:crypto');

/**
 * Gateway deployments become first-class (issue 14): an integration can have several token
 * services on several gateways, deployed by the backend, adopted from an existing Gravitee API,
 * or kept by hand. Each row records what it signs with (kid and key fingerprint as deployed or
 * confirmed, and as the drift check last read it back), who deployed it when, the last token
 * request through it, and its state. `maskinporten_gravitee_deployments` (one row per
 * integration and format, the API id of the backend's own deploys) is folded into it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('maskinporten_gateway_deployments', table => {
    table.comment('Token services of integrations on gateways, what they sign with, and their drift');
    table.string('id', 36).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 64).notNullable();
    // The gateway target's id (e.g. `gravitee`), or `manual` for one carried by hand.
    table.string('target', 64).notNullable();
    // `deployed` (by the backend), `adopted` (an existing API, linked by its owner), `manual`.
    table.string('origin', 16).notNullable();
    // The gateway's API id; null while the first import has not answered.
    table.string('api_id', 255).nullable();
    // `target|api id` (manual: `manual|entity|environment|label`): an API belongs to one integration.
    table.string('link_key', 600).nullable().unique({ indexName: 'maskinporten_gateway_deployments_link' });
    // `deploy:<format>` for the backend's own deploys, one per integration, target and format.
    table.string('deploy_slot', 16).nullable();
    table.string('name', 255).nullable();
    table.string('context_path', 255).nullable();
    table.string('definition_version', 16).nullable();
    table.string('gateway_version', 64).nullable();
    // What it signs with, as last deployed or confirmed by its owner.
    table.string('kid', 255).nullable();
    table.string('key_fingerprint', 64).nullable();
    table.string('state', 16).notNullable();
    table.text('last_error').nullable();
    table.timestamp('deployed_at', { useTz: true }).nullable();
    table.string('deployed_by', 255).nullable();
    // The last token request through it: JSON {at, outcome, message, kid, httpStatus, errorCode}.
    table.text('last_test').nullable();
    // The kid whose token request through it last succeeded.
    table.string('verified_kid', 255).nullable();
    // What the drift check read back, and what it found (JSON array of findings).
    table.string('observed_kid', 255).nullable();
    table.string('observed_fingerprint', 64).nullable();
    table.text('findings').nullable();
    table.timestamp('checked_at', { useTz: true }).nullable();
    table.text('check_error').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['target', 'entity_ref', 'environment', 'deploy_slot'], {
      indexName: 'maskinporten_gateway_deployments_slot',
    });
    table.index(['entity_ref', 'environment'], 'maskinporten_gateway_deployments_integration');
  });

  const old = await knex('maskinporten_gravitee_deployments').select();
  for (const row of old) {
    await knex('maskinporten_gateway_deployments').insert({
      id: randomUUID(),
      entity_ref: row.entity_ref,
      environment: row.environment,
      target: 'gravitee',
      origin: 'deployed',
      api_id: row.api_id,
      link_key: row.api_id ? `gravitee|${row.api_id}` : null,
      deploy_slot: `deploy:${row.format}`,
      definition_version: row.format,
      gateway_version: row.apim_version ?? null,
      state: row.status === 'in-progress' ? 'deploying' : row.status,
      last_error: row.last_error,
      deployed_at: row.status === 'deployed' ? row.updated_at : null,
      deployed_by: row.deployed_by,
      created_at: row.updated_at,
      updated_at: row.updated_at,
    });
  }
  await knex.schema.dropTable('maskinporten_gravitee_deployments');

  await knex.schema.alterTable('maskinporten_key_rotations', table => {
    // Who retired the old keys although linked deployments still signed with them.
    table.string('forced_by', 255).nullable();
  });
};

/**
 * Back to one row per integration and format; adopted and manual deployments are dropped.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('maskinporten_key_rotations', table => {
    table.dropColumn('forced_by');
  });
  await knex.schema.createTable('maskinporten_gravitee_deployments', table => {
    table.comment('Gravitee APIs deployed for Maskinporten integrations, and the last outcome');
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 64).notNullable();
    table.string('format', 8).notNullable();
    table.string('api_id', 255).nullable();
    table.string('status', 16).notNullable();
    table.text('last_error').nullable();
    table.string('deployed_by', 255).nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.string('apim_version', 64).nullable();
    table.unique(['entity_ref', 'environment', 'format'], {
      indexName: 'maskinporten_gravitee_deployments_uniq',
    });
  });
  const rows = await knex('maskinporten_gateway_deployments')
    .where({ target: 'gravitee', origin: 'deployed' })
    .whereNotNull('deploy_slot');
  for (const row of rows) {
    await knex('maskinporten_gravitee_deployments').insert({
      entity_ref: row.entity_ref,
      environment: row.environment,
      format: String(row.deploy_slot).slice('deploy:'.length),
      api_id: row.api_id,
      status: row.state === 'deploying' ? 'in-progress' : row.state,
      last_error: row.last_error,
      deployed_by: row.deployed_by,
      updated_at: row.updated_at,
      apim_version: row.gateway_version,
    });
  }
  await knex.schema.dropTable('maskinporten_gateway_deployments');
};
