export { KeyRotationSection } from './KeyRotationSection';
export { KeyWindowChips } from './KeyWindowChips';
