export { KeyRotationSection } from './KeyRotationSection';
export { PHASE_LABELS } from './phases';
