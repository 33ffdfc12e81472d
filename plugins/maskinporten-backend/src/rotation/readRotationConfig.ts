import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';

export interface RotationConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** How long old keys stay registered (state `retiring`) after the new key passed a token test. */
  gracePeriodHours: number;
  /** Re-post the set when the active key expires within this many days (self-service only). */
  renewWithinDays: number;
  /** Start a rotation by itself for active keys expiring within this many days; off when unset. */
  autoRotateWithinDays?: number;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 30 },
};

/** Reads `maskinporten.lifecycle.rotation`; errors name the key. */
export function readRotationConfig(config: Config): RotationConfig {
  const rotation = config.getOptionalConfig('maskinporten.lifecycle.rotation');
  const key = 'maskinporten.lifecycle.rotation';
  const schedule = rotation?.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(rotation.getConfig('schedule'))
    : DEFAULT_SCHEDULE;
  const gracePeriodHours = rotation?.getOptionalNumber('gracePeriodHours') ?? 24;
  const renewWithinDays = rotation?.getOptionalNumber('renewWithinDays') ?? 30;
  const autoRotateWithinDays = rotation?.getOptionalNumber('autoRotateWithinDays');
  for (const [name, value] of [
    ['gracePeriodHours', gracePeriodHours],
    ['renewWithinDays', renewWithinDays],
    ['autoRotateWithinDays', autoRotateWithinDays],
  ] as const) {
    if (value !== undefined && !(value >= 0)) {
      throw new InputError(`${key}.${name} must be a non-negative number, got ${value}`);
    }
  }
  // Digdir's year is the upper bound: a larger window would renew or rotate every run.
  if (renewWithinDays >= 365 || (autoRotateWithinDays ?? 0) >= 365) {
    throw new InputError(
      `${key}.renewWithinDays and autoRotateWithinDays must be below 365 (a key lives one year)`,
    );
  }
  return { schedule, gracePeriodHours, renewWithinDays, autoRotateWithinDays };
}
