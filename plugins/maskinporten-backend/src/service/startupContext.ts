import { AuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { parseMaskinportenIntegration } from '@maskinporten-backstage/plugin-maskinporten-common';
import {
  MaskinportenIntegrationLookup,
  MaskinportenStartupContext,
} from '@maskinporten-backstage/plugin-maskinporten-node';
import { ClientClaims } from '../access/clientClaims';
import { EntityAccess } from '../access/entityAccess';
import { KeyStore } from '../database';
import { KeyIssuer } from '../keys/KeyIssuer';
import { toJwkSet } from '../keys/keyViews';
import { EntityIntegrations } from '../listing/EntityIntegrations';

/** Recorded as the creator of keys a startup task issues. */
export const STARTUP_TASK_PRINCIPAL = 'maskinporten-startup-task';

/**
 * What startup tasks (e.g. the example portal's development seeding) may do, acting as the
 * plugin itself, through the same issuer and client-id claims as the HTTP API.
 */
export function createStartupContext(options: {
  auth: AuthService;
  entities: EntityAccess;
  entityIntegrations: EntityIntegrations;
  issuer: KeyIssuer;
  claims: Pick<ClientClaims, 'assertHeld'>;
  keys: KeyStore;
  environments: string[];
}): MaskinportenStartupContext {
  const { auth, entities, entityIntegrations, issuer, claims, keys } = options;
  const own = () => auth.getOwnServiceCredentials();
  return {
    environments: options.environments,

    async integrationOf(entityRef): Promise<MaskinportenIntegrationLookup> {
      let entity;
      try {
        entity = await entities.entity(entityRef, await own());
      } catch (error) {
        if (error instanceof NotFoundError) {
          return { status: 'not-in-catalog' };
        }
        throw error;
      }
      const parsed = parseMaskinportenIntegration(entity, { environments: options.environments });
      if (parsed.kind === 'absent') {
        return { status: 'no-integration' };
      }
      if (parsed.kind === 'invalid') {
        return { status: 'invalid', problems: parsed.problems.map(p => `${p.annotation}: ${p.message}`) };
      }
      return { status: 'found', integration: await entityIntegrations.view(entity, parsed.integration) };
    },

    async issueKey(entityRef, { createdAt }) {
      const { integration } = await entities.integration(entityRef, await own());
      await claims.assertHeld(integration, STARTUP_TASK_PRINCIPAL);
      const key = await issuer.issue(integration, { createdBy: STARTUP_TASK_PRINCIPAL, now: createdAt });
      return { kid: key!.kid, expiresAt: key!.expiresAt };
    },

    async publicKeys(entityRef) {
      const { integration } = await entities.integration(entityRef, await own());
      return toJwkSet(await keys.list(integration), new Date());
    },

    async recordRegistered(entityRef, kids, registeredAt) {
      const { integration } = await entities.integration(entityRef, await own());
      await keys.recordPosted(integration, kids, registeredAt);
    },
  };
}
