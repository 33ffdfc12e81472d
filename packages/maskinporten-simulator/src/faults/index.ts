export { SimulatorFaults } from './faults';
export type { SimulatorFault, SimulatorFaultHandle, ReceivedRequest } from './faults';
