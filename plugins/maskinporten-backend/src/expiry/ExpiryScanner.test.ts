import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { MaskinportenNotifierChannel } from '@maskinporten-backstage/plugin-maskinporten-node';
import { IndexedIntegration, StoredKey, createStores } from '../database';
import { ExpiryScanner } from './ExpiryScanner';
import { LogChannel, NotificationsChannel } from './notifiers';
import { DAY, capturingLogger, storedKey } from './__testUtils__/fixtures';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const start = new Date('2026-03-01T12:00:00.000Z');
const LONN = 'component:default/lonn';
const PAYROLL = 'component:default/payroll';
const ORPHAN = 'component:default/orphan';

function indexed(entityRef: string, title: string, owner?: string): IndexedIntegration {
  return {
    integration: {
      entityRef,
      environment: 'test',
      clientId: `client-${title}`,
      scopes: ['dfo:ansatte'],
      resources: [],
    },
    title,
    owner,
  };
}

async function setUp(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const stores = await createStores(mockServices.database({ knex }));
  await stores.index.upsert(
    [
      indexed(LONN, 'Lønn service', 'group:default/team-lonn'),
      indexed(PAYROLL, 'Payroll', 'group:default/team-lonn'),
      indexed(ORPHAN, 'Orphan'),
    ], start,
  );
  const insert = (key: StoredKey) => stores.keys.insertWithinLimit(key, { maxLiveKeys: 5, now: start });
  return { knex, stores, insert, states: stores.expiry };
}

/** Stands in for the notifications service: keeps what was sent. */
function recordingNotifications() {
  const sent: NotificationSendOptions[] = [];
  return {
    sent,
    service: {
      send: async (options: NotificationSendOptions) => {
        sent.push(options);
      },
    },
  };
}

describe.each(databases.eachSupportedId())('ExpiryScanner on %p', databaseId => {
  it('names the gateway deployments that sign with an expiring key in the owner\'s notice', async () => {
    const { stores, states, insert } = await setUp(databaseId);
    await insert(storedKey('lonn-1', LONN, { expiresAt: new Date(start.getTime() + 20 * DAY) }));
    await stores.deployments.upsertSlot(
      { entityRef: LONN, environment: 'test', target: 'gravitee', format: 'v4' },
      { id: '00000000-0000-4000-8000-0000000000d1', apiId: 'api-own', state: 'deployed', kid: 'lonn-1', name: 'lonn', at: start },
    );
    await stores.deployments.link({
      id: '00000000-0000-4000-8000-0000000000d2',
      integration: { entityRef: LONN, environment: 'test' },
      target: 'manual',
      origin: 'manual',
      apiId: 'dmz gateway',
      kid: 'someone-else',
      linkedBy: 'user:default/ada',
      at: start,
    });
    const notifications = recordingNotifications();
    const scanner = new ExpiryScanner({
      index: stores.index,
      keys: stores.keys,
      states,
      deployments: stores.deployments,
      channels: [new NotificationsChannel(notifications.service)],
      logger: capturingLogger(),
      thresholds: { warningDays: 30, criticalDays: 7 },
      now: () => start,
    });
    await scanner.scan();
    expect(notifications.sent).toHaveLength(1);
    // Only the deployment that signs with the key is named, with its name and API id.
    expect(notifications.sent[0].payload.description).toContain(
      'gravitee API lonn (api-own) signs with it; renewal re-posts the same key and needs no redeploy, a rotation redeploys it with the new key.',
    );
    expect(notifications.sent[0].payload.description).not.toContain('dmz gateway');
  });

  it('walks a key through warning, critical and expired with one updating notification per owner', async () => {
    const { stores, states, insert } = await setUp(databaseId);
    // Expires 40 days after `start`: ok, then warning at 30 days, critical at 7, expired.
    await insert(storedKey('lonn-1', LONN, { expiresAt: new Date(start.getTime() + 40 * DAY) }));
    // Not live any more: never reported, whatever its expiry.
    await insert(storedKey('lonn-revoked', LONN, { state: 'revoked', expiresAt: new Date(start.getTime() + 3 * DAY) }));
    // Rotation has replaced this one: its expiry must not alarm the owner.
    await insert(storedKey('payroll-old', PAYROLL, { state: 'retiring', expiresAt: new Date(start.getTime() + 20 * DAY) }));
    await insert(storedKey('payroll-new', PAYROLL, { state: 'active', expiresAt: new Date(start.getTime() + 380 * DAY) }));

    const notifications = recordingNotifications();
    const logger = capturingLogger();
    let now = start;
    const scanner = new ExpiryScanner({
      index: stores.index,
      keys: stores.keys,
      states,
      channels: [new NotificationsChannel(notifications.service)],
      logger,
      thresholds: { warningDays: 30, criticalDays: 7 },
      now: () => now,
    });

    const first = await scanner.scan();
    expect(first).toMatchObject({
      scanned: 3,
      changed: 0,
      byState: { ok: 3, warning: 0, critical: 0, expired: 0 },
    });
    expect(notifications.sent).toEqual([]);

    const sentAt = async (days: number) => {
      now = new Date(start.getTime() + days * DAY);
      const before = notifications.sent.length;
      const result = await scanner.scan();
      return { result, sent: notifications.sent.slice(before) };
    };

    const warning = await sentAt(11); // 29 days left
    expect(warning.result).toMatchObject({ changed: 1, byState: { ok: 2, warning: 1 } });
    expect(warning.sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: 'group:default/team-lonn' },
        payload: {
          title: 'Maskinporten key expires in 29 days: Lønn service (test)',
          description: expect.stringContaining('Key lonn-1 of component:default/lonn in environment test, client client-Lønn service expires on 2026-04-10 (UTC)'),
          link: '/catalog/default/component/lonn',
          severity: 'normal',
          topic: 'maskinporten-key-expiry',
          scope: 'maskinporten:expiry:group:default/team-lonn',
        },
      },
    ]);
    // Unchanged state: nothing new, however often the scan runs.
    expect((await sentAt(12)).sent).toEqual([]);
    expect((await sentAt(12)).sent).toEqual([]);

    const critical = await sentAt(34); // 6 days left
    expect(critical.sent).toHaveLength(1);
    expect(critical.sent[0].payload).toMatchObject({
      title: 'Maskinporten key expires in 6 days: Lønn service (test)',
      severity: 'high',
      scope: 'maskinporten:expiry:group:default/team-lonn',
    });
    expect((await sentAt(35)).sent).toEqual([]);

    const expired = await sentAt(41);
    expect(expired.result.byState).toEqual({ ok: 2, warning: 0, critical: 0, expired: 1 });
    expect(expired.sent).toHaveLength(1);
    expect(expired.sent[0].payload).toMatchObject({
      title: 'Maskinporten key expired: Lønn service (test)',
      severity: 'critical',
      scope: 'maskinporten:expiry:group:default/team-lonn',
    });
    expect((await sentAt(60)).sent).toEqual([]);

    // One owner, one scope: three updates of the same notification and nothing for the others.
    expect(new Set(notifications.sent.map(s => s.payload.scope))).toEqual(
      new Set(['maskinporten:expiry:group:default/team-lonn']),
    );
    expect(notifications.sent).toHaveLength(3);
    expect(JSON.stringify(notifications.sent)).not.toContain('SECRET-CIPHERTEXT');

    const last = await states.lastScan();
    expect(last).toMatchObject({ outcome: 'succeeded', result: { scanned: 3, changed: 0 } });
    expect(last?.startedAt.toISOString()).toBe(new Date(start.getTime() + 60 * DAY).toISOString());
  });

  it('tells the owner once when a warned key is replaced, and logs an ownerless key once', async () => {
    const { knex, stores, states, insert } = await setUp(databaseId);
    await insert(storedKey('payroll-old', PAYROLL, { state: 'retiring', expiresAt: new Date(start.getTime() + 20 * DAY) }));
    await insert(storedKey('orphan-1', ORPHAN, { expiresAt: new Date(start.getTime() + 5 * DAY) }));
    const notifications = recordingNotifications();
    const logger = capturingLogger();
    const scanner = new ExpiryScanner({
      index: stores.index,
      keys: stores.keys,
      states,
      channels: [new NotificationsChannel(notifications.service)],
      logger,
      thresholds: { warningDays: 30, criticalDays: 7 },
      now: () => start,
    });

    await scanner.scan();
    // No successor yet: the retiring key is what the integration depends on.
    expect(notifications.sent.map(s => [s.payload.scope, s.payload.severity])).toEqual([
      ['maskinporten:expiry:group:default/team-lonn', 'normal'],
    ]);
    const ownerless = logger.lines.filter(l => l.message.includes('no owner'));
    expect(ownerless).toHaveLength(1);
    expect(ownerless[0].meta).toMatchObject({ kid: 'orphan-1', state: 'critical' });

    await insert(storedKey('payroll-new', PAYROLL, { state: 'active', expiresAt: new Date(start.getTime() + 380 * DAY) }));
    await scanner.scan();
    await scanner.scan();
    expect(notifications.sent).toHaveLength(2);
    expect(notifications.sent[1].payload).toMatchObject({
      title: 'Maskinporten key replaced: Payroll (test)',
      description: expect.stringContaining('replaced by payroll-new. No action needed.'),
      severity: 'low',
      scope: 'maskinporten:expiry:group:default/team-lonn',
    });
    expect(logger.lines.filter(l => l.message.includes('no owner'))).toHaveLength(1);

    const row = await knex('maskinporten_expiry_notifications').where({ kid: 'payroll-old' }).first();
    expect(row).toMatchObject({ state: 'superseded', delivery: 'notifications' });
  });

  it('retries a delivery that failed instead of recording it as told', async () => {
    const { stores, states, insert } = await setUp(databaseId);
    await insert(storedKey('lonn-1', LONN, { expiresAt: new Date(start.getTime() + 3 * DAY) }));
    const delivered: string[] = [];
    let failing = true;
    const channel: MaskinportenNotifierChannel = {
      id: 'notifications',
      notifyExpiry: async notice => {
        if (failing) {
          throw new Error('Failed to send notifications: Error: Request failed with status 503');
        }
        delivered.push(...notice.changes.map(change => `${change.kid}:${change.state}`));
      },
    };
    const logger = capturingLogger();
    const scanner = new ExpiryScanner({
      index: stores.index,
      keys: stores.keys,
      states,
      channels: [channel],
      logger,
      thresholds: { warningDays: 30, criticalDays: 7 },
      now: () => start,
    });

    const failed = await scanner.scan();
    expect(failed).toMatchObject({ changed: 0, undelivered: 1 });
    expect((await states.lastScan())?.error).toMatch(/1 state change\(s\) could not be delivered/);
    expect(logger.lines.some(l => l.level === 'warn' && l.message.includes('status 503'))).toBe(true);

    failing = false;
    await scanner.scan();
    await scanner.scan();
    expect(delivered).toEqual(['lonn-1:critical']);
    expect((await states.lastScan())?.error).toBeUndefined();
  });

  it('logs one structured line per state change when notifications are not installed', async () => {
    const { stores, states, insert } = await setUp(databaseId);
    await insert(storedKey('lonn-1', LONN, { expiresAt: new Date(start.getTime() + 10 * DAY) }));
    const logger = capturingLogger();
    let now = start;
    const scanner = new ExpiryScanner({
      index: stores.index,
      keys: stores.keys,
      states,
      channels: [new LogChannel(logger)],
      logger,
      thresholds: { warningDays: 30, criticalDays: 7 },
      now: () => now,
    });
    expect(scanner.channel).toBe('log');
    const expiryLines = () => logger.lines.filter(l => l.meta?.event === 'maskinporten-key-expiry');

    await scanner.scan();
    await scanner.scan();
    now = new Date(start.getTime() + 4 * DAY);
    await scanner.scan();
    now = new Date(start.getTime() + 11 * DAY);
    await scanner.scan();
    await scanner.scan();

    expect(expiryLines().map(l => [l.level, l.meta?.previousState, l.meta?.state])).toEqual([
      ['warn', 'none', 'warning'],
      ['warn', 'warning', 'critical'],
      ['warn', 'critical', 'expired'],
    ]);
    expect(expiryLines()[1]).toMatchObject({
      message: expect.stringContaining('Maskinporten key expires in 6 days: Lønn service (test)'),
      meta: {
        kid: 'lonn-1',
        entityRef: LONN,
        environment: 'test',
        owner: 'group:default/team-lonn',
        severity: 'high',
        expiresAt: new Date(start.getTime() + 10 * DAY).toISOString(),
      },
    });
    expect(JSON.stringify(logger.lines)).not.toContain('SECRET-CIPHERTEXT');
  });
});
