import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import {
  LogChannel,
  NotificationsChannel,
  defaultExpiryChannel,
  entityPageLink,
} from './notifiers';
import { nextRunAfter } from './nextRun';
import { DEFAULT_EXPIRY_SCAN_SCHEDULE, readExpiryScanConfig } from './readExpiryScanConfig';
import { capturingLogger } from './__testUtils__/fixtures';

const notifications = { send: async () => {} };

function instanceWith(...pluginIds: string[]) {
  return {
    getId: () => 'instance-1',
    getInstalledPlugins: async () => pluginIds.map(pluginId => ({ pluginId, modules: [] })),
  };
}

describe('defaultExpiryChannel', () => {
  const base = { notifications, logger: capturingLogger() };

  it('uses notifications when the notifications plugin runs in this instance', async () => {
    const notifier = await defaultExpiryChannel({
      ...base,
      delivery: 'auto',
      instanceMetadata: instanceWith('catalog', 'notifications', 'maskinporten'),
      config: mockServices.rootConfig(),
    });
    expect(notifier).toBeInstanceOf(NotificationsChannel);
  });

  it('uses notifications when discovery routes the plugin to another instance', async () => {
    const notifier = await defaultExpiryChannel({
      ...base,
      delivery: 'auto',
      instanceMetadata: instanceWith('maskinporten'),
      config: mockServices.rootConfig({
        data: {
          discovery: {
            endpoints: [{ target: 'http://notify.internal/api/{{pluginId}}', plugins: ['notifications', 'signals'] }],
          },
        },
      }),
    });
    expect(notifier.id).toBe('notifications');
  });

  it('falls back to the log when nobody serves notifications, or when told to', async () => {
    const absent = await defaultExpiryChannel({
      ...base,
      delivery: 'auto',
      instanceMetadata: instanceWith('catalog', 'maskinporten'),
      config: mockServices.rootConfig(),
    });
    expect(absent).toBeInstanceOf(LogChannel);
    const forced = await defaultExpiryChannel({
      ...base,
      delivery: 'log',
      instanceMetadata: instanceWith('notifications'),
      config: mockServices.rootConfig(),
    });
    expect(forced.id).toBe('log');
    const always = await defaultExpiryChannel({
      ...base,
      delivery: 'notifications',
      instanceMetadata: instanceWith(),
      config: mockServices.rootConfig(),
    });
    expect(always.id).toBe('notifications');
  });
});

describe('readExpiryScanConfig', () => {
  const read = (expiryScan: NonNullable<ConstructorParameters<typeof ConfigReader>[0]>[string]) =>
    readExpiryScanConfig(new ConfigReader({ maskinporten: { lifecycle: { expiryScan } } }));

  it('defaults to hourly, global, delivery auto', () => {
    expect(readExpiryScanConfig(new ConfigReader({}))).toEqual({
      schedule: DEFAULT_EXPIRY_SCAN_SCHEDULE,
      delivery: 'auto',
      language: 'en',
    });
  });

  it('reads the notices language, and refuses one it has no words for, naming the key', () => {
    const withLanguage = (language: string) =>
      readExpiryScanConfig(new ConfigReader({ maskinporten: { notifications: { language } } }));
    expect(withLanguage('nb').language).toBe('nb');
    expect(() => withLanguage('nn')).toThrow('maskinporten.notifications.language must be "en" or "nb", got "nn"');
  });

  it('reads a schedule and delivery', () => {
    expect(
      read({ schedule: { frequency: { cron: '0 6 * * *' }, timeout: 'PT10M' }, delivery: 'log' }),
    ).toEqual({
      schedule: { frequency: { cron: '0 6 * * *' }, timeout: { minutes: 10 }, initialDelay: undefined, scope: undefined },
      delivery: 'log',
      language: 'en',
    });
  });

  it('names the key in errors', () => {
    expect(() => read({ delivery: 'email' })).toThrow(/maskinporten.lifecycle.expiryScan.delivery/);
    expect(() => read({ schedule: { frequency: { minutes: 5 } } })).toThrow(
      /^maskinporten.lifecycle.expiryScan.schedule: /,
    );
    expect(() =>
      read({ schedule: { frequency: { minutes: 5 }, timeout: { minutes: 1 }, scope: 'local' } }),
    ).toThrow(/scope must be "global"/);
  });
});

describe('nextRunAfter', () => {
  const now = new Date('2026-06-01T10:00:00.000Z');
  const hourly = { frequency: { hours: 1 }, timeout: { minutes: 5 }, initialDelay: { minutes: 2 } };

  it('is one period after the last start, or now when that has passed', () => {
    expect(
      nextRunAfter({ schedule: hourly, lastRunAt: new Date('2026-06-01T09:30:00.000Z'), now }),
    ).toEqual(new Date('2026-06-01T10:30:00.000Z'));
    expect(
      nextRunAfter({ schedule: hourly, lastRunAt: new Date('2026-06-01T07:00:00.000Z'), now }),
    ).toEqual(now);
  });

  it('is the initial delay after scheduling before the first run', () => {
    expect(nextRunAfter({ schedule: hourly, scheduledAt: now, now })).toEqual(
      new Date('2026-06-01T10:02:00.000Z'),
    );
  });

  it('follows a cron expression, and is unknown for manual-only schedules', () => {
    expect(
      nextRunAfter({
        schedule: { frequency: { cron: '0 6 * * *' }, timeout: { minutes: 5 } },
        lastRunAt: now,
        now,
      })?.toISOString(),
    ).toMatch(/^2026-06-02T/);
    expect(
      nextRunAfter({ schedule: { frequency: { trigger: 'manual' }, timeout: { minutes: 5 } }, now }),
    ).toBeUndefined();
  });
});

describe('entityPageLink', () => {
  it('points at the catalog entity page', () => {
    expect(entityPageLink('resource:team-a/lonn-prod')).toBe('/catalog/team-a/resource/lonn-prod');
  });
});
