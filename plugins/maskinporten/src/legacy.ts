/**
 * The Maskinporten frontend plugin for apps on the legacy frontend system.
 *
 * @packageDocumentation
 */
export {
  maskinportenPlugin,
  EntityMaskinportenCard,
  MaskinportenPage,
  MaskinportenScopePickerFieldExtension,
} from './plugin';
export { isMaskinportenAvailable } from '@maskinporten-backstage/plugin-maskinporten-common';
export { maskinportenTranslationRef } from './translation';
export { maskinportenApiRef, MaskinportenClient } from './api';
export type { MaskinportenApi, TokenTestRequest } from './api';
export type {
  GraviteeDefinitionDownload,
  GraviteeDefinitionOptions,
} from './api';
export type { EntityMaskinportenCardProps } from './components/EntityMaskinportenCard';
export type { MaskinportenPageProps } from './components/MaskinportenPage';
