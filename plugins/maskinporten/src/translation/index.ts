export { maskinportenTranslationRef } from './ref';
export { useLocale, useT, useTimeFormat, type TimeFormat, type Translate } from './hooks';
