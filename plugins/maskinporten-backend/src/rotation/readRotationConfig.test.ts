import { ConfigReader } from '@backstage/config';
import { readRotationConfig } from './readRotationConfig';

const read = (rotation: unknown) =>
  readRotationConfig(new ConfigReader({ maskinporten: { lifecycle: { rotation } } } as any));

describe('readRotationConfig', () => {
  it('defaults to every 5 minutes, a 24 hour grace period, renewal 30 days ahead, no automatic rotation', () => {
    expect(readRotationConfig(new ConfigReader({}))).toEqual({
      schedule: { frequency: { minutes: 5 }, timeout: { minutes: 10 }, initialDelay: { seconds: 30 } },
      gracePeriodHours: 24,
      renewWithinDays: 30,
      autoRotateWithinDays: undefined,
    });
  });

  it('reads a schedule and the windows', () => {
    expect(
      read({
        schedule: { frequency: { cron: '*/10 * * * *' }, timeout: { minutes: 2 } },
        gracePeriodHours: 2,
        renewWithinDays: 45,
        autoRotateWithinDays: 20,
      }),
    ).toMatchObject({
      schedule: { frequency: { cron: '*/10 * * * *' }, timeout: { minutes: 2 } },
      gracePeriodHours: 2,
      renewWithinDays: 45,
      autoRotateWithinDays: 20,
    });
  });

  it.each([
    [{ gracePeriodHours: -1 }, /maskinporten.lifecycle.rotation.gracePeriodHours must be a non-negative number/],
    [{ renewWithinDays: 365 }, /renewWithinDays and autoRotateWithinDays must be below 365/],
    [{ autoRotateWithinDays: 400 }, /must be below 365/],
  ])('refuses %j naming the key', (rotation, message) => {
    expect(() => read(rotation)).toThrow(message);
  });
});
