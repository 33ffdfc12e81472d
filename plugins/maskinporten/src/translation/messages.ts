import { card } from './en/card';
import { rotation } from './en/rotation';
import { tokenTest } from './en/tokenTest';
import { common } from './en/common';
import { scaffolder } from './en/scaffolder';
import { page } from './en/page';
import { gravitee } from './en/gravitee';
import { keys } from './en/keys';
import { gateways } from './en/gateways';

/**
 * The plugin's English messages, the default for every key. One file per area under en/,
 * mirrored by nb/ (bokmål), whose types make a missing or extra key a compile error.
 */
export const englishMessages = {
  common,
  card,
  tokenTest,
  rotation,
  keys,
  gravitee,
  gateways,
  page,
  scaffolder,
} as const;
