import { ScopeOffer } from '@maskinporten-backstage/plugin-maskinporten-common';
import { DigdirSelfService } from '../digdir/types';

/** How long the organisation's scope grants are reused before Digdir is asked again. */
const DEFAULT_TTL_MS = 5 * 60_000;

interface Snapshot {
  at: number;
  offers: ScopeOffer[];
}

/**
 * The scopes an organisation can use in an environment, from Digdir's self-service API: its
 * grants (`/scopes/access/all`, state APPROVED) and the public catalogue (`/scopes/all`), where
 * `accessible_for_all` scopes need no grant. Cached per environment for a few minutes, since
 * the scope picker, provisioning and every card ask. Environments without a self-service API
 * have no catalogue: callers then accept what the user typed.
 */
export class ScopeCatalog {
  readonly #digdir?: Pick<DigdirSelfService, 'isConfigured' | 'listScopes' | 'listScopeAccess'>;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, Promise<Snapshot>>();

  constructor(options: {
    digdir?: Pick<DigdirSelfService, 'isConfigured' | 'listScopes' | 'listScopeAccess'>;
    ttlMs?: number;
    now?: () => number;
  }) {
    this.#digdir = options.digdir;
    this.#ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  isKnown(environment: string): boolean {
    return this.#digdir?.isConfigured(environment) ?? false;
  }

  /** Every scope of the environment with what it takes to use it; undefined without self-service. */
  async offers(environment: string): Promise<ScopeOffer[] | undefined> {
    if (!this.#digdir || !this.isKnown(environment)) {
      return undefined;
    }
    const cached = this.#cache.get(environment);
    if (cached) {
      const snapshot = await cached.catch(() => undefined);
      if (snapshot && this.#now() - snapshot.at < this.#ttlMs) {
        return snapshot.offers;
      }
    }
    const loading = this.#load(environment);
    this.#cache.set(environment, loading);
    loading.catch(() => this.#cache.delete(environment));
    return (await loading).offers;
  }

  /** For each scope: granted, open to all, or needing access from its owner; undefined without self-service. */
  async accessTo(environment: string, scopes: string[]): Promise<Record<string, ScopeOffer['access']> | undefined> {
    const offers = await this.offers(environment);
    if (!offers) {
      return undefined;
    }
    const byName = new Map(offers.map(offer => [offer.name, offer.access]));
    return Object.fromEntries(scopes.map(scope => [scope, byName.get(scope) ?? 'request']));
  }

  async #load(environment: string): Promise<Snapshot> {
    const digdir = this.#digdir!;
    const [scopes, grants] = await Promise.all([
      digdir.listScopes(environment),
      digdir.listScopeAccess(environment),
    ]);
    const granted = new Set(grants.filter(g => g.state === 'APPROVED').map(g => g.scope));
    const offers = new Map<string, ScopeOffer>();
    for (const scope of scopes) {
      offers.set(scope.name, {
        name: scope.name,
        description: scope.description,
        ...(scope.ownerOrgno && { ownerOrgno: scope.ownerOrgno }),
        access: accessOf(scope, granted),
      });
    }
    // A private scope the organisation was granted is not in the public catalogue.
    for (const scope of granted) {
      if (!offers.has(scope)) {
        offers.set(scope, { name: scope, description: '', access: 'granted' });
      }
    }
    return {
      at: this.#now(),
      offers: [...offers.values()].sort((a, b) => a.name.localeCompare(b.name)),
    };
  }
}

function accessOf(scope: { name: string; accessibleForAll: boolean }, granted: Set<string>): ScopeOffer['access'] {
  if (granted.has(scope.name)) {
    return 'granted';
  }
  return scope.accessibleForAll ? 'open' : 'request';
}
