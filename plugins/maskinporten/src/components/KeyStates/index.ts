export { KEY_STATE_ORDER, type KeyStateName } from './keyStates';
export { KeyStateChip } from './KeyStateChip';
export { KeyStateLegend } from './KeyStateLegend';
