import {
  AuditorService,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ExpiryThresholds, KeyRotationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { CallerPolicy } from '../access/callerPolicy';
import { ClientClaims } from '../access/clientClaims';
import { EntityAccess } from '../access/entityAccess';
import { MaskinportenStores } from '../database';
import { GraviteeService } from '../gravitee/GraviteeService';
import { EntityIntegrations } from '../listing/EntityIntegrations';
import { ListingCursors } from '../listing/listingCursors';
import { KeyRotationService } from '../rotation/KeyRotationService';
import { TokenTestService } from '../tokenTests/TokenTestService';

/** What the listing route is built from; the list action is built from the same. */
export interface ListingDependencies {
  stores: MaskinportenStores;
  permissions: PermissionsService;
  claims: ClientClaims;
  cursors: ListingCursors;
  environments: string[];
  thresholds: ExpiryThresholds;
  openRotations?: (entityRefs: string[]) => Promise<KeyRotationView[]>;
  now: () => Date;
}

/**
 * The services the actions call: the very instances the HTTP routes call, built once by the
 * composition root, so an action and its route cannot disagree.
 */
export interface MaskinportenActionsContext {
  policy: CallerPolicy;
  auditor: AuditorService;
  logger: LoggerService;
  userInfo: UserInfoService;
  entities: EntityAccess;
  entityIntegrations: EntityIntegrations;
  listing: ListingDependencies;
  tokenTests: TokenTestService;
  gravitee: GraviteeService;
  rotation: KeyRotationService;
}
