import { Knex } from 'knex';
import {
  TokenTestOutcome,
  TokenTestResult,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { chunks, normalizeRef, toDate } from './columns';
import { IntegrationRef } from './KeyStore';

const TOKEN_TESTS = 'maskinporten_token_tests';
const CHUNK = 200;

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

/** The `maskinporten_token_tests` table: outcomes of token requests, never the tokens. */
export class TokenTestStore {
  constructor(private readonly db: Knex) {}

  async insert(result: TokenTestResult): Promise<void> {
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

  async latest(integration: IntegrationRef): Promise<TokenTestResult | undefined> {
    const row: TokenTestRow | undefined = await this.db(TOKEN_TESTS)
      .where({ entity_ref: normalizeRef(integration.entityRef), environment: integration.environment })
      .orderBy([
        { column: 'requested_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    return row ? fromRow(row) : undefined;
  }

  /** The latest test of each given integration, at most one per entity and environment. */
  async latestFor(entityRefs: string[]): Promise<TokenTestResult[]> {
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
        results.set(`${row.entity_ref}|${row.environment}`, fromRow(row));
      }
    }
    return [...results.values()];
  }
}

function fromRow(row: TokenTestRow): TokenTestResult {
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
