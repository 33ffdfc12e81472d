export { ExpiryScanPanel } from './ExpiryScanPanel';
