export { ExpiryChip, EXPIRY_LABELS } from './ExpiryChip';
