import { Router } from 'express';
import { InputError } from '@backstage/errors';
import { ScopeOffersResponse } from '@maskinporten-backstage/plugin-maskinporten-common';
import { RouteContext } from '../service/routeContext';
import { ScopeCatalog } from './ScopeCatalog';

/** `GET /v1/environments/:environment/scopes`: what the scope picker offers (README: HTTP API). */
export function registerScopeRoutes(
  router: Router,
  context: RouteContext & { scopes: ScopeCatalog; environments: string[] },
) {
  const { access, scopes, environments } = context;

  router.get('/v1/environments/:environment/scopes', async (req, res) => {
    await access.credentials(req, 'read');
    const { environment } = req.params;
    if (!environments.includes(environment)) {
      throw new InputError(`environment: unknown environment "${environment}"; configured: ${environments.join(', ')}`);
    }
    const offers = await scopes.offers(environment);
    const body: ScopeOffersResponse = {
      environment,
      source: offers ? 'digdir' : 'none',
      scopes: offers ?? [],
    };
    res.json(body);
  });
}
