import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { maskinportenPlugin } from '../plugin';

jest.setTimeout(120_000);

// A second, raw connection to the same SQLite file (the driver ships no types; exec is enough).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database: new (file: string) => { exec(sql: string): void; close(): void } = require('better-sqlite3');

/**
 * A database that another connection has locked: the security probe saw a 500 whose message
 * carried SQL, and requests that waited without bound. Every answer is now a 503 without SQL
 * within a bounded time, and /health keeps answering.
 */
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'lonn',
    namespace: 'default',
    annotations: { 'maskinporten.no/client-id': 'client-lonn', 'maskinporten.no/scopes': 'dfo:ansatte' },
  },
  spec: { owner: 'group:default/team-lonn' },
};
const API = '/api/maskinporten/v1/entities/component/default/lonn';
const SQL_WORDS = /\b(select|insert|update|delete)\b.*\b(from|into|set)\b|maskinporten_\w+|SQLITE_|pg_/i;

async function startWith(knex: Knex, requestTimeoutSeconds: number) {
  return startTestBackend({
    features: [
      maskinportenPlugin,
      catalogServiceMock.factory({ entities: [entity] }),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          maskinporten: {
            environments: { test: { issuer: 'http://127.0.0.1:9/', tokenEndpoint: 'http://127.0.0.1:9/token' } },
            keys: { modulusLength: 2048 },
            keyEncryption: { secret: 'db-faults-test-secret-Zq3vN8pL1xR7tY2wK9mB4cF6' },
            http: { requestTimeoutSeconds },
          },
        },
      }),
    ],
  });
}

function expectBusyWithoutSql(res: request.Response) {
  expect(res.status).toBe(503);
  expect(res.body.error.name).toBe('ServiceUnavailableError');
  expect(res.body.error.message).not.toMatch(SQL_WORDS);
  expect(JSON.stringify(res.body)).not.toMatch(SQL_WORDS);
}

describe('a locked SQLite database', () => {
  let dir: string;
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'maskinporten-locked-'));
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(dir, 'db.sqlite') },
      useNullAsDefault: true,
    });
    backend = await startWith(knex, 60);
  });

  afterAll(async () => {
    await backend?.stop();
    await knex?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 without SQL while another process holds an exclusive lock, and works after', async () => {
    const other = new Database(path.join(dir, 'db.sqlite'));
    other.exec('BEGIN EXCLUSIVE');
    try {
      expectBusyWithoutSql(await request(backend.server).post(`${API}/keys`).send({}));
      expectBusyWithoutSql(await request(backend.server).get('/api/maskinporten/v1/integrations'));
      expect((await request(backend.server).get('/api/maskinporten/health')).status).toBe(200);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await request(backend.server).post(`${API}/keys`).send({})).status).toBe(201);
  });
});

const postgres = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
(postgres ? describe : describe.skip)('a locked PostgreSQL database', () => {
  const database = `maskinporten_locked_${process.pid}`;
  let admin: Knex;
  let knex: Knex;
  let locker: Knex;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    admin = knexFactory({ client: 'pg', connection: postgres });
    await admin.raw(`DROP DATABASE IF EXISTS ${database}`);
    await admin.raw(`CREATE DATABASE ${database}`);
    const connection = `${postgres}/${database}`;
    knex = knexFactory({ client: 'pg', connection });
    locker = knexFactory({ client: 'pg', connection, pool: { min: 1, max: 1 } });
    backend = await startWith(knex, 3);
  });

  afterAll(async () => {
    await backend?.stop();
    await knex?.destroy();
    await locker?.destroy();
    await admin?.raw(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.destroy();
  });

  it('bounds every wait on a locked table: 503 without SQL, /health still answers', async () => {
    let release!: () => void;
    const released = new Promise<void>(resolve => {
      release = resolve;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>(resolve => {
      locked = resolve;
    });
    const holder = locker.transaction(async tx => {
      await tx.raw('LOCK TABLE maskinporten_keys, maskinporten_integrations IN ACCESS EXCLUSIVE MODE');
      locked();
      await released;
    });
    await isLocked;
    try {
      const [keys, listing, health] = await Promise.all([
        request(backend.server).post(`${API}/keys`).send({}),
        request(backend.server).get('/api/maskinporten/v1/integrations'),
        request(backend.server).get('/api/maskinporten/health'),
      ]);
      expect(health.status).toBe(200);
      expectBusyWithoutSql(keys);
      expectBusyWithoutSql(listing);
    } finally {
      release();
      await holder;
    }
    expect((await request(backend.server).post(`${API}/keys`).send({})).status).toBe(201);
  });
});
