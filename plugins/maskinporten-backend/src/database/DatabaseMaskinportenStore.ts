import { Knex } from 'knex';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  MaskinportenKeyState,
  TokenTestOutcome,
  TokenTestResult,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import {
  IntegrationRef,
  KeyLimitError,
  LIVE_KEY_STATES,
  MaskinportenStore,
  StoredKey,
} from './MaskinportenStore';

const KEYS = 'maskinporten_keys';
const TOKEN_TESTS = 'maskinporten_token_tests';

const migrationsDir = resolvePackagePath(
  '@maskinporten-backstage/plugin-maskinporten-backend',
  'migrations',
);

type KeyRow = {
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

/** The catalog compares entity refs case-insensitively; so do we. */
function normalizeRef(entityRef: string): string {
  return entityRef.toLocaleLowerCase('en-US');
}

function toKeyRow(key: StoredKey): KeyRow {
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

function fromKeyRow(row: KeyRow): StoredKey {
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

/** SQLite hands timestamps back as numbers or strings, PostgreSQL as Dates. */
function toDate(value: Date | string | number): Date {
  if (value instanceof Date) {
    return value;
  }
  if (typeof value === 'number') {
    return new Date(value);
  }
  // SQLite's CURRENT_TIMESTAMP style has no zone designator; it is UTC.
  return new Date(/Z|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}
