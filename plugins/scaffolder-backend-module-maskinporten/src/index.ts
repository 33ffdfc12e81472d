/**
 * Scaffolder backend module: Maskinporten integrations from software templates.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMaskinporten as default } from './module';
export {
  createMaskinportenIntegrationAction,
  CREATE_INTEGRATION_ACTION_ID,
} from './actions/createIntegration';
export type {
  MaskinportenActionJwk,
  MaskinportenIntegrationActionInput,
  MaskinportenIntegrationActionOutput,
} from './actions/createIntegration';
export {
  createWriteLocalCatalogAction,
  WRITE_LOCAL_ACTION_ID,
  LOCAL_CATALOG_DIRECTORY_KEY,
} from './actions/writeLocalCatalog';
