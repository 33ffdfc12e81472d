import { createTranslationRef } from '@backstage/frontend-plugin-api';
import { englishMessages } from './messages';

/**
 * Every text the plugin shows goes through this ref: English by default, bokmål (`nb`)
 * loaded when the user picks it. Apps may override single messages with
 * `createTranslationMessages({ ref: maskinportenTranslationRef, messages: { … } })`.
 *
 * @public
 */
export const maskinportenTranslationRef = createTranslationRef({
  id: 'plugin.maskinporten',
  messages: englishMessages,
  translations: {
    // The loader's flat keys are checked against the ref in translation.test.ts.
    nb: () => import('./nb') as Promise<{ default: any }>,
  },
});
