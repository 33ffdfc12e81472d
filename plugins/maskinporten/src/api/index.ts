export { maskinportenApiRef } from './MaskinportenApi';
export type { MaskinportenApi, TokenTestRequest } from './MaskinportenApi';
export { MaskinportenClient } from './MaskinportenClient';
export type {
  GraviteeDefinitionDownload,
  GraviteeDefinitionOptions,
} from './types';
