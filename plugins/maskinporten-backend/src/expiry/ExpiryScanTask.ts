import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { ExpiryScanStatus } from '@maskinporten-backstage/plugin-maskinporten-common';
import { ExpiryScanner } from './ExpiryScanner';
import { ExpiryStateStore } from '../database';
import { nextRunAfter } from './nextRun';
import { ExpiryScanConfig } from './readExpiryScanConfig';

export const EXPIRY_SCAN_TASK_ID = 'maskinporten-expiry-scan';

/** The scheduled expiry scan: registers it, reports on it, and triggers it on request. */
export class ExpiryScanTask {
  #scheduledAt?: Date;

  constructor(
    private readonly options: {
      scheduler: SchedulerService;
      scanner: ExpiryScanner;
      states: ExpiryStateStore;
      config: ExpiryScanConfig;
      logger: LoggerService;
      now?: () => Date;
      /** After each scan and (re)scheduling. */
      onChange?: () => void;
    },
  ) {}

  async schedule(): Promise<void> {
    const { scheduler, scanner, config } = this.options;
    this.#scheduledAt = this.#now();
    await scheduler.scheduleTask({
      id: EXPIRY_SCAN_TASK_ID,
      ...config.schedule,
      // One replica scans: owners must not get a message per replica.
      scope: 'global',
      fn: async () => {
        try {
          await scanner.scan();
        } finally {
          this.options.onChange?.();
        }
      },
    });
    this.options.onChange?.();
  }

  /** Runs the scan soon on whichever replica picks it up; ConflictError while it runs. */
  async trigger(): Promise<void> {
    await this.options.scheduler.triggerTask(EXPIRY_SCAN_TASK_ID);
  }

  async status(): Promise<ExpiryScanStatus> {
    const last = await this.options.states.lastScan();
    const nextRunAt = nextRunAfter({
      schedule: this.options.config.schedule,
      lastRunAt: last?.startedAt,
      scheduledAt: this.#scheduledAt,
      now: this.#now(),
    });
    return {
      lastRunAt: last?.startedAt.toISOString(),
      nextRunAt: nextRunAt?.toISOString(),
      lastResult: last?.result,
      lastError: last?.error,
      delivery: this.options.scanner.channel,
      channels: this.options.scanner.channelIds,
    };
  }

  #now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
