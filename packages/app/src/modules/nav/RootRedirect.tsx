import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { Navigate } from 'react-router-dom';

/** The example portal has no home page: `/` goes to the catalog. */
export const RootRedirect = PageBlueprint.make({
  name: 'root-redirect',
  params: {
    path: '/',
    noHeader: true,
    loader: async () => <Navigate to="/catalog" replace />,
  },
});
