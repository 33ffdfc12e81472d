export { GraviteeLintPanel } from './GraviteeLintPanel';
