import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import maskinportenPlugin from '@maskinporten-backstage/plugin-maskinporten';
import { navModule } from './modules/nav';

// Listed explicitly (app.packages: all would also discover them) so the portal's
// features are visible in one place and in the install guide.
export default createApp({
  features: [
    catalogPlugin,
    scaffolderPlugin,
    searchPlugin,
    notificationsPlugin,
    signalsPlugin,
    maskinportenPlugin,
    navModule,
  ],
});
