import { createRouteRef } from '@backstage/core-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';

/** The self-service page, `/maskinporten` by default. */
export const rootRouteRef = createRouteRef({ id: 'maskinporten' });

/** The same route for the new frontend system, so both apps bind one ref. */
export const maskinportenRootRouteRef = convertLegacyRouteRef(rootRouteRef);
