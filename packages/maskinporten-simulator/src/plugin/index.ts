export { createMaskinportenSimulatorPlugin, maskinportenSimulatorPlugin } from './plugin';
export { readSimulatorConfig } from './config';
