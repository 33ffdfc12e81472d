export { CopyButton } from './CopyButton';
export { PersonName } from './PersonName';
export { RelativeTime, useNow } from './RelativeTime';
export { Truncated } from './Truncated';
