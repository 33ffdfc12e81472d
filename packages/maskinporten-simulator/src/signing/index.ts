export { createSigningKey } from './SigningKey';
export type { SimulatorSigningKey } from './SigningKey';
