import { ApiBlueprint, PageBlueprint, discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import VpnKeyIcon from '@material-ui/icons/VpnKey';
import { MaskinportenClient, maskinportenApiRef } from '../api';
import { maskinportenRootRouteRef } from '../routes';
import { isMaskinportenCardApplicable } from './isMaskinportenCardApplicable';

/** @public */
export const maskinportenApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: maskinportenApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new MaskinportenClient({ discoveryApi, fetchApi }),
    }),
});

/** @public */
export const maskinportenPage = PageBlueprint.make({
  params: {
    path: '/maskinporten',
    title: 'Maskinporten',
    icon: <VpnKeyIcon fontSize="inherit" />,
    routeRef: maskinportenRootRouteRef,
    loader: () => import('../components/MaskinportenPage').then(m => <m.MaskinportenPageBody />),
  },
});

/** @public */
export const maskinportenEntityCard = EntityCardBlueprint.make({
  name: 'integrations',
  params: {
    // A function filter: "has any maskinporten.no/ annotation" cannot be written as a filter expression.
    filter: isMaskinportenCardApplicable,
    loader: () =>
      import('../components/EntityMaskinportenCard').then(m => <m.EntityMaskinportenCard />),
  },
});
