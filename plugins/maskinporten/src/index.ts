/**
 * The Maskinporten frontend plugin: entity card, self-service page and API client.
 * The default export is the plugin for the new frontend system; `./legacy` has the
 * same features for apps on the legacy system.
 *
 * @packageDocumentation
 */
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import {
  maskinportenApi,
  maskinportenEntityCard,
  maskinportenPage,
  maskinportenScopePickerFormField,
  maskinportenTemplateOutputs,
} from './extensions';
import { maskinportenRootRouteRef } from './routes';

/** @public */
export default createFrontendPlugin({
  pluginId: 'maskinporten',
  title: 'Maskinporten',
  routes: { root: maskinportenRootRouteRef },
  extensions: [
    maskinportenApi,
    maskinportenPage,
    maskinportenEntityCard,
    maskinportenTemplateOutputs,
    maskinportenScopePickerFormField,
  ],
});

export { maskinportenApiRef, MaskinportenClient } from './api';
export type { MaskinportenApi, TokenTestRequest } from './api';
export type {
  GraviteeDefinitionDownload,
  GraviteeDefinitionOptions,
} from './api';
export {
  isMaskinportenCardApplicable,
  maskinportenApi,
  maskinportenEntityCard,
  maskinportenPage,
  maskinportenScopePickerFormField,
  maskinportenTemplateOutputs,
  MASKINPORTEN_TEMPLATE_REF,
} from './extensions';
export { isMaskinportenAvailable } from '@maskinporten-backstage/plugin-maskinporten-common';
export { maskinportenTranslationRef } from './translation';
