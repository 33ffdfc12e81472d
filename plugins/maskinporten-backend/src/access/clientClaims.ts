import { ConflictError } from '@backstage/errors';
import { ClientIdConflict } from '@maskinporten-backstage/plugin-maskinporten-common';
import { ClientClaim, ClientClaimSource, ClientClaimStore, IntegrationIndexStore, normalizeRef } from '../database';
import { DigdirSelfService } from '../digdir/types';
import { digdirClientDescription } from '../provisioning/clientDescription';

/** An integration as far as its client id is concerned. */
export interface ClientHolder {
  entityRef: string;
  environment: string;
  clientId?: string;
}

export interface ClientClaimsOptions {
  claims: ClientClaimStore;
  /** Which indexed integrations declare these client ids (the integration index). */
  declarations: Pick<IntegrationIndexStore, 'declaringClients'>;
  digdir?: Pick<DigdirSelfService, 'isConfigured' | 'getClient'>;
  now?: () => Date;
}

/**
 * A Maskinporten client id belongs to exactly one integration. Everything that uses a
 * client through this backend (keys, token tests, key exports and deploys, rotation,
 * renewal, registration) first asks `assertHeld`, which claims a free client and refuses
 * with a 409 naming the holder when another integration has it. Where Digdir's self-service
 * API is configured, a client can only be claimed when Digdir lists it, active, with the
 * description this backend gives the integration's own clients: an entity cannot adopt
 * another team's client by writing its id into an annotation.
 */
export class ClientClaims {
  readonly #options: ClientClaimsOptions;
  readonly #now: () => Date;

  constructor(options: ClientClaimsOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  async assertHeld(integration: ClientHolder, claimedBy: string): Promise<void> {
    const { clientId, environment } = integration;
    if (!clientId) {
      return;
    }
    const self = normalizeRef(integration.entityRef);
    const { claims, declarations, digdir } = this.#options;
    const existing = await claims.get(environment, clientId);
    if (existing) {
      if (existing.entityRef !== self) {
        throw new ConflictError(heldElsewhere(integration, existing));
      }
      return;
    }
    let source: ClientClaimSource = 'first-use';
    if (digdir?.isConfigured(environment)) {
      // Digdir's record decides, whoever else declares the id: the client was created for
      // exactly one integration.
      const client = await digdir.getClient(environment, clientId);
      if (!client || !client.active) {
        throw new ConflictError(
          `maskinporten.no/client-id: Digdir lists no active client ${clientId} in ${environment}; check the client id and environment of ${integration.entityRef}`,
        );
      }
      if (client.description !== digdirClientDescription(self, environment)) {
        throw new ConflictError(
          `maskinporten.no/client-id: client ${clientId} in ${environment} was not created by this Backstage for ${integration.entityRef}, so it cannot be claimed from an annotation; if it was imported from Digdir its owners can adopt it (POST /v1/entities/<kind>/<namespace>/<name>/adopt), otherwise an administrator can assign it (PUT …/client-claim)`,
        );
      }
      source = 'digdir';
    } else {
      // Nothing to ask: with another integration declaring the same id, neither may take it.
      const others = (await declarations.declaringClients([{ environment, clientId }]))
        .map(row => normalizeRef(row.entityRef))
        .filter(ref => ref !== self);
      if (others.length > 0) {
        throw new ConflictError(declaredTwice(integration, others));
      }
    }
    const holder = await claims.claimIfFree({
      environment,
      clientId,
      entityRef: self,
      source,
      claimedBy,
      claimedAt: this.#now(),
    });
    if (holder.entityRef !== self) {
      throw new ConflictError(heldElsewhere(integration, holder));
    }
  }

  /** Records that this backend created the client for the integration. */
  async recordProvisioned(integration: Required<ClientHolder>, claimedBy: string): Promise<void> {
    const holder = await this.#options.claims.claimIfFree({
      environment: integration.environment,
      clientId: integration.clientId,
      entityRef: normalizeRef(integration.entityRef),
      source: 'provisioned',
      claimedBy,
      claimedAt: this.#now(),
    });
    if (holder.entityRef !== normalizeRef(integration.entityRef)) {
      throw new ConflictError(heldElsewhere(integration, holder));
    }
  }

  /** An administrator's decision: the client now belongs to this integration. */
  async assign(integration: Required<ClientHolder>, assignedBy: string): Promise<void> {
    await this.#options.claims.assign({
      environment: integration.environment,
      clientId: integration.clientId,
      entityRef: normalizeRef(integration.entityRef),
      source: 'assigned',
      claimedBy: assignedBy,
      claimedAt: this.#now(),
    });
  }

  /** The claims on these integrations' clients, keyed `entityRef|environment` of the holder. */
  async claimsOf(integrations: ClientHolder[]): Promise<Map<string, ClientClaim>> {
    const clients = integrations
      .filter((i): i is Required<ClientHolder> => i.clientId !== undefined)
      .map(({ environment, clientId }) => ({ environment, clientId }));
    const claims = await this.#options.claims.forClients(clients);
    return new Map(claims.map(claim => [`${claim.entityRef}|${claim.environment}`, claim]));
  }

  /**
   * An owner takes over a client imported from Digdir: from now on its keys are managed here.
   * Refused (409) when another integration holds it.
   */
  async adopt(integration: Required<ClientHolder>, adoptedBy: string): Promise<void> {
    const self = normalizeRef(integration.entityRef);
    const holder = await this.#options.claims.claimIfFree({
      environment: integration.environment,
      clientId: integration.clientId,
      entityRef: self,
      source: 'adopted',
      claimedBy: adoptedBy,
      claimedAt: this.#now(),
    });
    if (holder.entityRef !== self) {
      throw new ConflictError(heldElsewhere(integration, holder));
    }
  }

  /**
   * The client-id conflicts among these integrations, keyed by `entityRef|environment`
   * (lower-case ref), in two queries whatever their number. Both sides of a conflict get
   * one: the holder learns who else declares its client, the others who holds it.
   */
  async conflictsFor(integrations: ClientHolder[]): Promise<Map<string, ClientIdConflict>> {
    const withClient = integrations.filter(
      (i): i is Required<ClientHolder> => i.clientId !== undefined,
    );
    const result = new Map<string, ClientIdConflict>();
    if (withClient.length === 0) {
      return result;
    }
    const clients = withClient.map(({ environment, clientId }) => ({ environment, clientId }));
    const [claims, declarations] = await Promise.all([
      this.#options.claims.forClients(clients),
      this.#options.declarations.declaringClients(clients),
    ]);
    for (const integration of withClient) {
      const self = normalizeRef(integration.entityRef);
      const same = (row: { environment: string; clientId: string }) =>
        row.environment === integration.environment && row.clientId === integration.clientId;
      const heldBy = claims.find(same)?.entityRef;
      const others = [
        ...new Set(declarations.filter(same).map(row => normalizeRef(row.entityRef))),
      ].filter(ref => ref !== self);
      if (heldBy === undefined && others.length === 0) {
        continue;
      }
      if (heldBy === self && others.length === 0) {
        continue;
      }
      let message: string;
      if (heldBy === self) {
        message = `${others.join(', ')} also declare client ${integration.clientId} (${integration.environment}); this integration holds it, and they are refused.`;
      } else if (heldBy) {
        message = heldElsewhere(integration, { entityRef: heldBy });
      } else {
        message = declaredTwice(integration, others);
      }
      result.set(`${self}|${integration.environment}`, {
        clientId: integration.clientId,
        environment: integration.environment,
        ...(heldBy && { heldBy }),
        alsoDeclaredBy: others.filter(ref => ref !== heldBy),
        message,
      });
    }
    return result;
  }
}

function heldElsewhere(integration: ClientHolder, holder: Pick<ClientClaim, 'entityRef'>): string {
  return `maskinporten.no/client-id: client ${integration.clientId} (${integration.environment}) belongs to ${holder.entityRef}; a client id belongs to exactly one integration. Remove the annotation from ${integration.entityRef} or use a client of its own.`;
}

function declaredTwice(integration: ClientHolder, others: string[]): string {
  return `maskinporten.no/client-id: client ${integration.clientId} (${integration.environment}) is also declared by ${others.join(', ')}; none of them may use it until the others remove the annotation or an administrator assigns it.`;
}
