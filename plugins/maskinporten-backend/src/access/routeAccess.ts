import { BackstageCredentials, HttpAuthService } from '@backstage/backend-plugin-api';
import { Request } from 'express';
import { CallerPolicy, Capability } from './callerPolicy';

/**
 * The one way a route learns who calls it: authenticated credentials (401 without), then the
 * caller policy for the route's capability (403 for a service not listed for it). The
 * permission framework decides per entity afterwards.
 */
export class RouteAccess {
  readonly #httpAuth: HttpAuthService;
  readonly #policy: CallerPolicy;

  constructor(httpAuth: HttpAuthService, policy: CallerPolicy) {
    this.#httpAuth = httpAuth;
    this.#policy = policy;
  }

  async credentials(req: Request, capability: Capability): Promise<BackstageCredentials> {
    const credentials = await this.#httpAuth.credentials(req, { allow: ['user', 'service'] });
    this.#policy.assert(credentials, capability);
    return credentials;
  }

  get policy(): CallerPolicy {
    return this.#policy;
  }
}
