import { Knex } from 'knex';
import { normalizeRef, toDate } from './columns';

const CLAIMS = 'maskinporten_client_claims';

/** How an integration came to hold its client id. */
export type ClientClaimSource =
  /** This backend created the client for the integration (provisioning). */
  | 'provisioned'
  /** Digdir lists the client with the description this backend gives the integration's clients. */
  | 'digdir'
  /** No self-service API to ask: the first integration to use the client holds it. */
  | 'first-use'
  /** An administrator assigned it. */
  | 'assigned'
  /** Imported from Digdir, then adopted by its owner: its keys are managed here from then on. */
  | 'adopted';

export interface ClientClaim {
  environment: string;
  clientId: string;
  /** Lower-case entity ref of the holder. */
  entityRef: string;
  source: ClientClaimSource;
  claimedBy: string;
  claimedAt: Date;
}

type ClaimRow = {
  environment: string;
  client_id: string;
  entity_ref: string;
  source: string;
  claimed_by: string;
  claimed_at: Date | string | number;
};

/** The `maskinporten_client_claims` table. */
export class ClientClaimStore {
  constructor(private readonly db: Knex) {}

  async get(environment: string, clientId: string): Promise<ClientClaim | undefined> {
    const row = await this.db<ClaimRow>(CLAIMS)
      .where({ environment, client_id: clientId })
      .first();
    return row ? toClaim(row) : undefined;
  }

  /** The claims on these clients, in one query. */
  async forClients(
    clients: Array<{ environment: string; clientId: string }>,
  ): Promise<ClientClaim[]> {
    if (clients.length === 0) {
      return [];
    }
    const rows = await this.db<ClaimRow>(CLAIMS).where(builder => {
      for (const { environment, clientId } of clients) {
        builder.orWhere({ environment, client_id: clientId });
      }
    });
    return rows.map(toClaim);
  }

  /**
   * Records the claim unless the client is already claimed, and answers the claim that holds
   * afterwards: this one, or the earlier one that won (the primary key decides a race).
   */
  async claimIfFree(claim: ClientClaim): Promise<ClientClaim> {
    await this.db(CLAIMS)
      .insert(toRow(claim))
      .onConflict(['environment', 'client_id'])
      .ignore();
    return (await this.get(claim.environment, claim.clientId))!;
  }

  /** Gives the client to another integration (an administrator's decision). */
  async assign(claim: ClientClaim): Promise<void> {
    await this.db(CLAIMS)
      .insert(toRow(claim))
      .onConflict(['environment', 'client_id'])
      .merge(['entity_ref', 'source', 'claimed_by', 'claimed_at']);
  }
}

function toRow(claim: ClientClaim): ClaimRow {
  return {
    environment: claim.environment,
    client_id: claim.clientId,
    entity_ref: normalizeRef(claim.entityRef),
    source: claim.source,
    claimed_by: claim.claimedBy,
    claimed_at: claim.claimedAt,
  };
}

function toClaim(row: ClaimRow): ClientClaim {
  return {
    environment: row.environment,
    clientId: row.client_id,
    entityRef: row.entity_ref,
    source: row.source as ClientClaimSource,
    claimedBy: row.claimed_by,
    claimedAt: toDate(row.claimed_at),
  };
}
