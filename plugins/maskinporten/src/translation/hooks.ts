import { useMemo } from 'react';
import {
  appLanguageApiRef,
  useApiHolder,
  useTranslationRef,
  type TranslationFunction,
} from '@backstage/frontend-plugin-api';
import {
  formatAbsolute,
  formatRelative,
  isFuture,
  isJustNow,
} from '../lib/time';
import { maskinportenTranslationRef } from './ref';

/**
 * The user's language for dates and numbers: `nb` when they chose bokmål, else undefined
 * (the browser's own locale, as before languages were offered). Optional, so the plugin
 * also renders in apps and tests without a language API.
 */
export function useLocale(): string | undefined {
  const languageApi = useApiHolder().get(appLanguageApiRef);
  const language = languageApi?.getLanguage().language;
  return language === 'nb' ? 'nb-NO' : undefined;
}

/** The plugin's ways of writing a time, in the user's language. */
export interface TimeFormat {
  /** "in 23 days", "om 23 dager". */
  relative(iso: string, now: Date): string;
  /** "just now" for the last minute, else relative. */
  past(iso: string, now: Date): string;
  /** "Expires in 3 days", "Expired 35 days ago". */
  expiry(iso: string, now: Date): string;
  /** For a scheduled run: "due now" once its time has passed. */
  nextRun(iso: string, now: Date): string;
  /** Date and time: the plugin's one absolute format. */
  absolute(iso: string): string;
  /** "Expires 1 Dec 2026, 09:00" or "Expired …". */
  expiryAt(iso: string, now: Date): string;
}

export function useTimeFormat(): TimeFormat {
  const { t } = useTranslationRef(maskinportenTranslationRef);
  const locale = useLocale();
  return useMemo(() => {
    const relative = (iso: string, now: Date) => formatRelative(iso, now, locale ?? 'en');
    const absolute = (iso: string) => formatAbsolute(iso, locale);
    return {
      relative,
      absolute,
      past: (iso, now) => (isJustNow(iso, now) ? t('common.time.justNow') : relative(iso, now)),
      expiry: (iso, now) =>
        isFuture(iso, now)
          ? t('common.time.expires', { relative: relative(iso, now) })
          : t('common.time.expired', { relative: relative(iso, now) }),
      nextRun: (iso, now) => (isFuture(iso, now) ? relative(iso, now) : t('common.time.dueNow')),
      expiryAt: (iso, now) =>
        isFuture(iso, now)
          ? t('common.time.expiresAt', { date: absolute(iso) })
          : t('common.time.expiredAt', { date: absolute(iso) }),
    };
  }, [t, locale]);
}

/** `t` as components receive it, for helpers that build text outside a component. */
export type Translate = TranslationFunction<typeof maskinportenTranslationRef.T>;

/** The plugin's translation function, `t('card.title')`. */
export function useT(): Translate {
  return useTranslationRef(maskinportenTranslationRef).t;
}
