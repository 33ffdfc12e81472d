import { AuditorService } from '@backstage/backend-plugin-api';
import { RouteAccess } from '../access/routeAccess';

/** What every capability's routes need besides their own service. */
export interface RouteContext {
  access: RouteAccess;
  auditor: AuditorService;
}

/** Entity-scoped routes use the catalog's URL style. */
export const ENTITY_ROUTE = '/v1/entities/:kind/:namespace/:name';
