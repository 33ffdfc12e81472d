/**
 * A local Maskinporten token endpoint and Digdir self-service API that enforce
 * Digdir's documented rules: a library, a CLI and a Backstage backend plugin.
 *
 * @packageDocumentation
 */

export { ManualClock, systemClock } from './clock';
export type { SimulatorClock } from './clock';
export type {
  SimulatorClientSeed,
  SimulatorClient,
  SimulatorKey,
  SimulatorPublicJwk,
} from './clients';
export type {
  SimulatorScopeSeed,
  ScopeVisibility,
} from './scopes';
export { fileSigningKeyStore } from './signing';
export type { SigningKeyStore, StoredSigningKey, StoredSigningKeys } from './signing';
export { SimulatorFaults } from './faults';
export type { SimulatorFault, SimulatorFaultHandle, ReceivedRequest } from './faults';
export {
  createMaskinportenSimulatorRouter,
  MaskinportenSimulator,
} from './server';
export type { SimulatorOptions, SimulatorStartOptions } from './server';
export { createMaskinportenSimulatorPlugin, maskinportenSimulatorPlugin } from './plugin';
export { createTestCertificate } from './testing/certificates';
export type { TestCertificate, TestCertificateOptions } from './testing/certificates';
export { main as runSimulatorCli } from './cli';
export type { CliIo } from './cli';
