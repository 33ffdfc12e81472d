export { KeyRotationSection } from './KeyRotationSection';
export { describeNextStep } from './nextStep';
