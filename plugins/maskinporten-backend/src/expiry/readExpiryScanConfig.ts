import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { NOTICE_LANGUAGES, NoticeLanguage } from './noticeTexts';

/** `auto`: notifications when the notifications plugin is installed, else the log. */
export type ExpiryDelivery = 'auto' | 'notifications' | 'log';

export interface ExpiryScanConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  delivery: ExpiryDelivery;
  /** `maskinporten.notifications.language`: the language of every expiry notice. */
  language: NoticeLanguage;
}

const KEY = 'maskinporten.lifecycle.expiryScan';
const LANGUAGE_KEY = 'maskinporten.notifications.language';

export const DEFAULT_EXPIRY_SCAN_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 1 },
  timeout: { minutes: 15 },
  // Lets the integration index sync first after a cold start, so the first scan has owners.
  initialDelay: { minutes: 2 },
};

/** Reads `maskinporten.lifecycle.expiryScan`; errors name the key. */
export function readExpiryScanConfig(config: Config): ExpiryScanConfig {
  const section = config.getOptionalConfig(KEY);
  let schedule = DEFAULT_EXPIRY_SCAN_SCHEDULE;
  if (section?.has('schedule')) {
    try {
      schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(
        section.getConfig('schedule'),
      );
    } catch (error) {
      throw new InputError(`${KEY}.schedule: ${(error as Error).message}`);
    }
    if (schedule.scope === 'local') {
      // Each replica would scan and notify on its own.
      throw new InputError(`${KEY}.schedule.scope must be "global" (or left out)`);
    }
  }
  const delivery = section?.getOptionalString('delivery') ?? 'auto';
  if (delivery !== 'auto' && delivery !== 'notifications' && delivery !== 'log') {
    throw new InputError(
      `${KEY}.delivery must be "auto", "notifications" or "log", got "${delivery}"`,
    );
  }
  const language = config.getOptionalString(LANGUAGE_KEY) ?? 'en';
  if (!NOTICE_LANGUAGES.includes(language as NoticeLanguage)) {
    throw new InputError(`${LANGUAGE_KEY} must be ${NOTICE_LANGUAGES.map(l => `"${l}"`).join(' or ')}, got "${language}"`);
  }
  return { schedule, delivery, language: language as NoticeLanguage };
}
