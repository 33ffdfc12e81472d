export { maskinportenApiRef } from './MaskinportenApi';
export type { MaskinportenApi, TokenTestRequest } from './MaskinportenApi';
export { MaskinportenClient } from './MaskinportenClient';
export type {
  GraviteeDefinitionDownload,
  GraviteeDefinitionOptions,
  GraviteeDeployment,
  GraviteeDeployRequest,
  GraviteeDeployResult,
  GraviteeFormat,
  GraviteeLintFinding,
  GraviteeLintResult,
  GraviteeLintSeverity,
  GraviteeSecretMode,
  GraviteeStatus,
} from './types';
