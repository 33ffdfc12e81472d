import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import maskinportenPlugin from '@maskinporten-backstage/plugin-maskinporten';
import { navModule } from './modules/nav';

export default createApp({
  features: [catalogPlugin, maskinportenPlugin, navModule],
});
