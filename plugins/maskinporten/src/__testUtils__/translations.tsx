import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { TestApiProvider, mockApis } from '@backstage/test-utils';
import {
  appLanguageApiRef,
  errorApiRef,
  translationApiRef,
  type AppLanguageApi,
  type TranslationApi,
} from '@backstage/frontend-plugin-api';
import { flattenMessages } from '../translation/catalogue';
import { englishMessages } from '../translation/messages';
import { bokmalMessages } from '../translation/nb';

/**
 * Translates the plugin's keys the way i18next does for these messages: the key itself, or
 * `<key>_one` / `<key>_other` by the language's plural rules when a count is given, with
 * `{{name}}` filled in (values unescaped, as Backstage configures i18next).
 */
export function translate(
  messages: Record<string, string>,
  language: string,
  key: string,
  options: Record<string, unknown> = {},
): string {
  const plural =
    typeof options.count === 'number' ? `${key}_${new Intl.PluralRules(language).select(options.count)}` : undefined;
  const message = (plural && messages[plural]) ?? messages[key];
  if (message === undefined) throw new Error(`No message ${key} in ${language}`);
  return message.replace(/\{\{(\w+)\}\}/g, (_, name) => String(options[name] ?? ''));
}

/** A translation API serving the plugin's messages in one language, as the app would. */
export function translationApiFor(language: 'en' | 'nb'): TranslationApi {
  const messages = flattenMessages(language === 'nb' ? bokmalMessages : englishMessages);
  const t = (key: string, options?: Record<string, unknown>) => translate(messages, language, key, options);
  return {
    getTranslation: () => ({ ready: true, t }) as any,
    translation$: () => ({ subscribe: () => ({ unsubscribe() {}, closed: false }) }) as any,
  } as TranslationApi;
}

function languageApi(language: string): AppLanguageApi {
  return {
    getAvailableLanguages: () => ({ languages: ['en', 'nb'] }),
    setLanguage: () => {},
    getLanguage: () => ({ language }),
    language$: () => ({ subscribe: () => ({ unsubscribe() {}, closed: false }) }) as any,
  } as AppLanguageApi;
}

/** The APIs a component needs to speak `language` outside a test app. */
export function languageApis(language: 'en' | 'nb' = 'en') {
  return [
    [translationApiRef, language === 'en' ? mockApis.translation() : translationApiFor(language)],
    [appLanguageApiRef, languageApi(language)],
    // useTranslationRef reports a translation that fails to load here.
    [errorApiRef, { post: jest.fn(), error$: jest.fn() }],
  ] as const;
}

/** Renders `ui` with the plugin's messages in `language` (English by default). */
export function renderTranslated(ui: ReactElement, language: 'en' | 'nb' = 'en') {
  return render(<TestApiProvider apis={languageApis(language) as any}>{ui}</TestApiProvider>);
}
