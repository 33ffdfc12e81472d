export { catalogModuleMaskinportenDigdirImport } from './catalogModule';
export { DigdirClientProvider, DIGDIR_IMPORT_PROVIDER_NAME } from './DigdirClientProvider';
