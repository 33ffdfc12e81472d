export { JwkArray } from './JwkArray';
export { KeySetAction, KeySetDialog } from './KeySetAction';
