import { Knex } from 'knex';
import { lockIntegrationKeys } from './integrationKeyLock';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  MaskinportenIntegration,
  MaskinportenKeyState,
  TokenTestOutcome,
  TokenTestResult,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import {
  IndexedIntegration,
  IntegrationPosition,
  IntegrationQuery,
  IntegrationRef,
  KeyLimitError,
  LIVE_KEY_STATES,
  MaskinportenStore,
  StoredKey,
} from './MaskinportenStore';
import { normalizeRef, toDate } from './columns';

const KEYS = 'maskinporten_keys';
const TOKEN_TESTS = 'maskinporten_token_tests';
const INTEGRATIONS = 'maskinporten_integrations';
/** Sort key for integrations without any key: after every real expiry. */
export const NO_EXPIRY_SORT = 8_640_000_000_000_000;
const CHUNK = 200;

const migrationsDir = resolvePackagePath(
  '@maskinporten-backstage/plugin-maskinporten-backend',
  'migrations',
);

export type KeyRow = {
  id: string;
  kid: string;
  entity_ref: string;
  environment: string;
  client_id: string | null;
  algorithm: string;
  modulus_length: number;
  public_jwk: string;
  private_key_ciphertext: string;
  encryption_secret_id: string;
  state: string;
  created_by: string | null;
  created_at: Date | string | number;
  registered_at: Date | string | number | null;
  expires_at: Date | string | number | null;
};

type TokenTestRow = {
  id: string;
  entity_ref: string;
  environment: string;
  client_id: string | null;
  kid: string | null;
  requested_by: string;
  requested_at: Date | string | number;
  outcome: string;
  message: string;
  http_status: number | null;
  error_code: string | null;
  error: string | null;
  error_description: string | null;
  granted_scopes: string | null;
  expires_in: number | null;
  duration_ms: number;
};

/** Knex implementation of {@link MaskinportenStore}, for SQLite and PostgreSQL alike. */
export class DatabaseMaskinportenStore implements MaskinportenStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseMaskinportenStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseMaskinportenStore(knex);
  }

  constructor(private readonly db: Knex) {}

  async insertKey(
    key: StoredKey,
    options: { maxLiveKeys: number; now: Date },
  ): Promise<void> {
    await this.db.transaction(async tx => {
      // READ COMMITTED lets two transactions both count four keys and both insert; a
      // per-integration advisory lock makes the count-then-insert atomic across replicas.
      // SQLite already serialises writers.
      await lockIntegrationKeys(tx, key);
      const [{ count }] = await tx(KEYS)
        .where({
          entity_ref: normalizeRef(key.entityRef),
          environment: key.environment,
        })
        .whereIn('state', LIVE_KEY_STATES)
        .andWhere(q =>
          q.whereNull('expires_at').orWhere('expires_at', '>', options.now),
        )
        .count({ count: '*' });
      if (Number(count) >= options.maxLiveKeys) {
        throw new KeyLimitError(
          `The integration already has ${count} live keys; Maskinporten allows at most ${options.maxLiveKeys} per client`,
        );
      }
      await tx(KEYS).insert(toKeyRow(key));
    });
  }

  async listKeys(integration: IntegrationRef): Promise<StoredKey[]> {
    const rows: KeyRow[] = await this.db(KEYS)
      .where({
        entity_ref: normalizeRef(integration.entityRef),
        environment: integration.environment,
      })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'kid', order: 'desc' },
      ]);
    return rows.map(fromKeyRow);
  }

  async getKey(kid: string): Promise<StoredKey | undefined> {
    const row: KeyRow | undefined = await this.db(KEYS).where({ kid }).first();
    return row ? fromKeyRow(row) : undefined;
  }

  async markKeyActive(kid: string, at: Date): Promise<void> {
    await this.db(KEYS)
      .where({ kid, state: 'pending' })
      .update({ state: 'active', registered_at: at });
  }

  async insertTokenTest(result: TokenTestResult): Promise<void> {
    await this.db(TOKEN_TESTS).insert({
      id: result.id,
      entity_ref: normalizeRef(result.entityRef),
      environment: result.environment,
      client_id: result.clientId ?? null,
      kid: result.kid ?? null,
      requested_by: result.requestedBy,
      requested_at: new Date(result.requestedAt),
      outcome: result.outcome,
      message: result.message,
      http_status: result.httpStatus ?? null,
      error_code: result.errorCode ?? null,
      error: result.error ?? null,
      error_description: result.errorDescription ?? null,
      granted_scopes: result.grantedScopes ? result.grantedScopes.join(' ') : null,
      expires_in: result.expiresIn ?? null,
      duration_ms: result.durationMs,
    });
  }

  async listKeysFor(entityRefs: string[]): Promise<StoredKey[]> {
    const rows: KeyRow[] = [];
    for (const chunk of chunks(entityRefs.map(normalizeRef), CHUNK)) {
      rows.push(
        ...(await this.db(KEYS)
          .whereIn('entity_ref', chunk)
          .orderBy([
            { column: 'created_at', order: 'desc' },
            { column: 'kid', order: 'desc' },
          ])),
      );
    }
    return rows.map(fromKeyRow);
  }

  async latestTokenTestsFor(entityRefs: string[]): Promise<TokenTestResult[]> {
    const results = new Map<string, TokenTestResult>();
    for (const chunk of chunks(entityRefs.map(normalizeRef), CHUNK)) {
      const rows: TokenTestRow[] = await this.db(`${TOKEN_TESTS} as t`)
        .whereIn('t.entity_ref', chunk)
        .where(
          't.requested_at',
          this.db(`${TOKEN_TESTS} as latest`)
            .max('latest.requested_at')
            .whereRaw('latest.entity_ref = t.entity_ref')
            .andWhereRaw('latest.environment = t.environment'),
        )
        .select('t.*');
      for (const row of rows) {
        // Two tests in the same millisecond: either is "the latest".
        results.set(`${row.entity_ref}|${row.environment}`, fromTokenTestRow(row));
      }
    }
    return [...results.values()];
  }

  async upsertIntegrations(
    rows: IndexedIntegration[],
    generation: string,
    now: Date,
  ): Promise<void> {
    for (const chunk of chunks(rows, CHUNK)) {
      await this.db(INTEGRATIONS)
        .insert(chunk.map(row => toIntegrationRow(row, generation, now)))
        .onConflict('entity_ref')
        .merge();
    }
  }

  async deleteIntegrationsOutside(generation: string): Promise<number> {
    return this.db(INTEGRATIONS).whereNot({ sync_generation: generation }).delete();
  }

  async integrationsDeclaringClients(
    clients: Array<{ environment: string; clientId: string }>,
  ): Promise<Array<{ environment: string; clientId: string; entityRef: string }>> {
    if (clients.length === 0) {
      return [];
    }
    const rows = await this.db(INTEGRATIONS)
      .where(builder => {
        for (const { environment, clientId } of clients) {
          builder.orWhere({ environment, client_id: clientId });
        }
      })
      .select('environment', 'client_id', 'entity_ref');
    return rows.map(row => ({
      environment: row.environment,
      clientId: row.client_id,
      entityRef: row.entity_ref,
    }));
  }

  async setIntegrationExpiry(entityRef: string, expiresAt: Date | undefined): Promise<void> {
    await this.db(INTEGRATIONS)
      .where({ entity_ref: normalizeRef(entityRef) })
      .update({ expiry_sort: expiresAt?.getTime() ?? NO_EXPIRY_SORT });
  }

  async queryIntegrations(
    query: IntegrationQuery,
  ): Promise<Array<IndexedIntegration & { position: IntegrationPosition }>> {
    const builder = this.db<IntegrationRow>(INTEGRATIONS);
    if (query.owners.length > 0) {
      builder.whereIn('owner', query.owners.map(normalizeRef));
    }
    if (query.environment) {
      builder.where('environment', query.environment);
    }
    if (query.expiresBefore) {
      builder.where('expiry_sort', '<=', query.expiresBefore.getTime());
    }
    if (query.search) {
      const escaped = query.search.replace(/[\\%_]/g, c => `\\${c}`);
      builder.whereRaw(`search_text LIKE ? ESCAPE '\\'`, [`%${escaped}%`]);
    }
    if (query.after) {
      const { expirySort, entityRef } = query.after;
      // The leading `>=` lets both databases seek into the (expiry_sort, entity_ref) index
      // instead of scanning from its start on deep pages.
      builder
        .where('expiry_sort', '>=', expirySort)
        .andWhere(q => q.where('expiry_sort', '>', expirySort).orWhere('entity_ref', '>', entityRef));
    }
    const rows: IntegrationRow[] = await builder
      .orderBy([
        { column: 'expiry_sort', order: 'asc' },
        { column: 'entity_ref', order: 'asc' },
      ])
      .limit(query.limit);
    return rows.map(row => ({
      integration: JSON.parse(row.integration_json) as MaskinportenIntegration,
      title: row.title ?? undefined,
      owner: row.owner ?? undefined,
      expiresAt:
        Number(row.expiry_sort) === NO_EXPIRY_SORT ? undefined : new Date(Number(row.expiry_sort)),
      position: { expirySort: Number(row.expiry_sort), entityRef: row.entity_ref },
    }));
  }

  async latestTokenTest(
    integration: IntegrationRef,
  ): Promise<TokenTestResult | undefined> {
    const row: TokenTestRow | undefined = await this.db(TOKEN_TESTS)
      .where({
        entity_ref: normalizeRef(integration.entityRef),
        environment: integration.environment,
      })
      .orderBy([
        { column: 'requested_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    return row ? fromTokenTestRow(row) : undefined;
  }
}

type IntegrationRow = {
  entity_ref: string;
  environment: string;
  title: string | null;
  owner: string | null;
  client_id: string | null;
  scopes: string;
  integration_json: string;
  search_text: string;
  expiry_sort: number | string;
  sync_generation: string;
  synced_at: Date | string | number;
};


function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) {
    yield items.slice(i, i + size);
  }
}

function toIntegrationRow(
  row: IndexedIntegration,
  generation: string,
  now: Date,
): IntegrationRow {
  const { integration } = row;
  const entityRef = normalizeRef(integration.entityRef);
  return {
    entity_ref: entityRef,
    environment: integration.environment,
    title: row.title ?? null,
    owner: row.owner ? normalizeRef(row.owner) : null,
    client_id: integration.clientId ?? null,
    scopes: integration.scopes.join(' '),
    integration_json: JSON.stringify({ ...integration, entityRef }),
    search_text: [entityRef, row.title, row.owner, integration.clientId, ...integration.scopes]
      .filter(Boolean)
      .join(' ')
      .toLocaleLowerCase('en-US'),
    expiry_sort: row.expiresAt?.getTime() ?? NO_EXPIRY_SORT,
    sync_generation: generation,
    synced_at: now,
  };
}

export function toKeyRow(key: StoredKey): KeyRow {
  return {
    id: key.id,
    kid: key.kid,
    entity_ref: normalizeRef(key.entityRef),
    environment: key.environment,
    client_id: key.clientId ?? null,
    algorithm: key.algorithm,
    modulus_length: key.modulusLength,
    public_jwk: JSON.stringify(key.publicJwk),
    private_key_ciphertext: key.privateKeyCiphertext,
    encryption_secret_id: key.encryptionSecretId,
    state: key.state,
    created_by: key.createdBy ?? null,
    created_at: key.createdAt,
    registered_at: key.registeredAt ?? null,
    expires_at: key.expiresAt ?? null,
  };
}

export function fromKeyRow(row: KeyRow): StoredKey {
  return {
    id: row.id,
    kid: row.kid,
    entityRef: row.entity_ref,
    environment: row.environment,
    clientId: row.client_id ?? undefined,
    algorithm: row.algorithm,
    modulusLength: Number(row.modulus_length),
    publicJwk: JSON.parse(row.public_jwk),
    privateKeyCiphertext: row.private_key_ciphertext,
    encryptionSecretId: row.encryption_secret_id,
    state: row.state as MaskinportenKeyState,
    createdBy: row.created_by ?? undefined,
    createdAt: toDate(row.created_at),
    registeredAt: row.registered_at === null ? undefined : toDate(row.registered_at),
    expiresAt: row.expires_at === null ? undefined : toDate(row.expires_at),
  };
}

function fromTokenTestRow(row: TokenTestRow): TokenTestResult {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    environment: row.environment,
    clientId: row.client_id ?? undefined,
    kid: row.kid ?? undefined,
    requestedBy: row.requested_by,
    requestedAt: toDate(row.requested_at).toISOString(),
    outcome: row.outcome as TokenTestOutcome,
    message: row.message,
    httpStatus: row.http_status ?? undefined,
    errorCode: row.error_code ?? undefined,
    error: row.error ?? undefined,
    errorDescription: row.error_description ?? undefined,
    grantedScopes: row.granted_scopes ? row.granted_scopes.split(' ') : undefined,
    expiresIn: row.expires_in ?? undefined,
    durationMs: Number(row.duration_ms),
  };
}

