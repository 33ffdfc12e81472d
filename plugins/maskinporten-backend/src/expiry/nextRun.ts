import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { CronTime } from 'cron';

type Frequency = SchedulerServiceTaskScheduleDefinition['frequency'];

/**
 * When the scheduler will run the task next. `SchedulerService.getScheduledTasks` reports
 * only the settings, not run times, so this follows the scheduler's own rule from our
 * recorded last run: a duration cadence runs one period after the previous start (or at
 * once when that is past), a cron cadence at its next match, the first run after the initial
 * delay. Undefined for manual-only schedules.
 */
export function nextRunAfter(options: {
  schedule: SchedulerServiceTaskScheduleDefinition;
  lastRunAt?: Date;
  /** When this process scheduled the task, for the first run. */
  scheduledAt?: Date;
  now: Date;
}): Date | undefined {
  const { schedule, lastRunAt, scheduledAt, now } = options;
  const frequency: Frequency = schedule.frequency;
  if ('trigger' in frequency) {
    return undefined;
  }
  if ('cron' in frequency) {
    return new CronTime(frequency.cron).getNextDateFrom(now).toJSDate();
  }
  let next: Date | undefined;
  if (lastRunAt) {
    next = addDuration(lastRunAt, frequency);
  } else if (scheduledAt) {
    next = schedule.initialDelay ? addDuration(scheduledAt, schedule.initialDelay) : scheduledAt;
  }
  if (!next) {
    return undefined;
  }
  return next < now ? now : next;
}

type DurationLike = Exclude<Frequency, { cron: string } | { trigger: 'manual' }>;

/** HumanDuration objects from config, or a luxon Duration passed in code. */
export function addDuration(start: Date, duration: DurationLike): Date {
  const parts: Record<string, number | undefined> =
    typeof (duration as { toObject?: unknown }).toObject === 'function'
      ? (duration as { toObject(): Record<string, number> }).toObject()
      : (duration as Record<string, number | undefined>);
  const date = new Date(start.getTime());
  // Calendar units first, as luxon does.
  date.setUTCFullYear(date.getUTCFullYear() + (parts.years ?? 0));
  date.setUTCMonth(date.getUTCMonth() + (parts.months ?? 0));
  const ms =
    (parts.weeks ?? 0) * 7 * 86_400_000 +
    (parts.days ?? 0) * 86_400_000 +
    (parts.hours ?? 0) * 3_600_000 +
    (parts.minutes ?? 0) * 60_000 +
    (parts.seconds ?? 0) * 1000 +
    (parts.milliseconds ?? 0);
  return new Date(date.getTime() + ms);
}
