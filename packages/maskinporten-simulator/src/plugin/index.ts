export { maskinportenSimulatorPlugin } from './plugin';
export { readSimulatorConfig } from './config';
