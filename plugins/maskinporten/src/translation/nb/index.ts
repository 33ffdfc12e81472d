import type { Catalogue } from '../catalogue';
import { flattenMessages } from '../catalogue';
import type { englishMessages } from '../messages';
import { card } from './card';
import { common } from './common';
import { scaffolder } from './scaffolder';
import { page } from './page';
import { gravitee } from './gravitee';
import { keys } from './keys';
import { gateways } from './gateways';
import { rotation } from './rotation';
import { tokenTest } from './tokenTest';

/** Norwegian bokmål, nested like the English catalogue. */
export const bokmalMessages: Catalogue<typeof englishMessages> = {
  common,
  card,
  tokenTest,
  rotation,
  keys,
  gravitee,
  gateways,
  page,
  scaffolder,
};

/** What the translation API loads for `nb`: the same messages under flat keys. */
export default flattenMessages(bokmalMessages);
