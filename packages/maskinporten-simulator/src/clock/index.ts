export { ManualClock, systemClock, nowSeconds } from './clock';
export type { SimulatorClock } from './clock';
