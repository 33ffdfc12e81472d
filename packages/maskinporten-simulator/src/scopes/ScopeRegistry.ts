import type { SimulatorClock } from '../clock';
import { conflictError, inputError, notFoundError } from '../errors';
import { isOrgNumber, splitScopeName } from './scopeNames';
import type {
  ScopeUse,
  SimulatorScope,
  SimulatorScopeAccess,
  SimulatorScopeSeed,
} from './types';

/** Owner of scopes given as plain strings: the example organisation in Digdir's docs. */
export const DEFAULT_SCOPE_OWNER_ORGNO = '889640782';

export interface ScopeRegistryOptions {
  clock: SimulatorClock;
  /** The simulated organisation: the API's caller, owner of its own scopes. */
  orgNumber: string;
  /** The catalogue; when given, clients may only hold these (and scopes created later). */
  seeds?: Array<string | SimulatorScopeSeed>;
  /** Prefixes the simulated organisation owns, so it may create scopes under them. */
  ownedPrefixes?: string[];
  /** Without a catalogue: the scopes clients hold, listed as the simulated organisation's access. */
  clientScopes: () => string[];
}

/** The fields of a scope a provider sets with `POST /scopes` or `PUT /scopes?scope=`. */
export interface ScopeInput {
  description?: string;
  longDescription?: string;
  visibility?: SimulatorScope['visibility'];
  accessibleForAll?: boolean;
  allowedIntegrationTypes?: string[];
  atMaxAge?: number;
}

/**
 * The scope catalogue and who has access to what: the API-provider side of Digdir's
 * self-service API (https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin_maskinporten)
 * and the access check at token time (MP-201, MP-250 in "Feilsøking i Maskinporten",
 * https://docs.digdir.no/docs/Maskinporten/maskinporten_feilsoking).
 *
 * With a configured catalogue the registry is closed: clients hold only scopes it knows.
 * Without one it is open: scopes it does not know are allowed and usable by anyone, as the
 * simulator always allowed; scopes created later through the API still follow the rules.
 */
export class ScopeRegistry {
  readonly #clock: SimulatorClock;
  readonly #orgNumber: string;
  readonly #closed: boolean;
  readonly #ownedPrefixes: Set<string>;
  readonly #clientScopes: () => string[];
  readonly #scopes = new Map<string, SimulatorScope>();
  /** Grants keyed by `${scope}\n${consumer}`. */
  readonly #access = new Map<string, SimulatorScopeAccess>();

  constructor(options: ScopeRegistryOptions) {
    this.#clock = options.clock;
    this.#orgNumber = options.orgNumber;
    this.#closed = options.seeds !== undefined;
    this.#clientScopes = options.clientScopes;
    this.#ownedPrefixes = new Set(options.ownedPrefixes ?? []);
    for (const seed of options.seeds ?? []) {
      this.#seed(typeof seed === 'string' ? { name: seed, consumers: [this.#orgNumber] } : seed);
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  get(name: string): SimulatorScope | undefined {
    const scope = this.#scopes.get(name);
    return scope ? { ...scope, allowedIntegrationTypes: [...scope.allowedIntegrationTypes] } : undefined;
  }

  /** `GET /scopes/all`: public scopes, filtered as the query asks. */
  listPublic(query: { accessibleForAll?: boolean; integrationType?: string; inactive?: boolean }) {
    const known = [...this.#scopes.values()];
    if (!this.#closed) {
      known.push(...this.#unknownClientScopes().map(name => this.#implicitScope(name)));
    }
    return known
      .filter(s => s.visibility === 'PUBLIC')
      .filter(s => query.inactive || s.active)
      .filter(s => query.accessibleForAll === undefined || s.accessibleForAll === query.accessibleForAll)
      .filter(s => !query.integrationType || s.allowedIntegrationTypes.includes(query.integrationType))
      .map(s => ({ ...s }));
  }

  /** `GET /scopes/access/all`: what the simulated organisation has been granted. */
  listGrantedToMe(query: { integrationType?: string; inactive?: boolean }): SimulatorScopeAccess[] {
    const grants = [...this.#access.values()].filter(a => a.consumerOrgno === this.#orgNumber);
    if (!this.#closed) {
      const now = this.#clock.now().toISOString();
      grants.push(
        ...this.#unknownClientScopes().map(scope => ({
          scope,
          consumerOrgno: this.#orgNumber,
          ownerOrgno: DEFAULT_SCOPE_OWNER_ORGNO,
          state: 'APPROVED' as const,
          active: true,
          created: now,
          lastUpdated: now,
        })),
      );
    }
    return grants
      .filter(a => query.inactive || a.active)
      .filter(a => {
        if (!query.integrationType) {
          return true;
        }
        const scope = this.#scopes.get(a.scope);
        return !scope || scope.allowedIntegrationTypes.includes(query.integrationType);
      })
      .map(a => ({ ...a }));
  }

  /** `GET /scopes`: the simulated organisation's own scopes. */
  listOwned(inactive: boolean): SimulatorScope[] {
    return [...this.#scopes.values()]
      .filter(s => s.ownerOrgno === this.#orgNumber && (inactive || s.active))
      .map(s => ({ ...s }));
  }

  /** `GET /scopes?scope=`: one of the organisation's own scopes. */
  getOwned(name: string): SimulatorScope {
    return { ...this.#owned(name) };
  }

  /** `POST /scopes`. */
  create(prefix: string, subscope: string, input: ScopeInput): SimulatorScope {
    if (!this.#ownedPrefixes.has(prefix)) {
      throw inputError(
        `prefix "${prefix}" is not assigned to organisation ${this.#orgNumber}; Digdir assigns prefixes manually (the simulator's ownedPrefixes)`,
        'prefix',
      );
    }
    const name = `${prefix}:${subscope}`;
    const existing = this.#scopes.get(name);
    if (existing) {
      // "Deaktiverte entiteter vil ikke reaktiveres ved POST og man får 409 Conflict isteden."
      throw conflictError(
        existing.active
          ? `scope ${name} already exists`
          : `scope ${name} exists but is deactivated; Digdir does not reactivate it`,
        'subscope',
      );
    }
    return { ...this.#seed({ name, ownerOrgno: this.#orgNumber, ...input }) };
  }

  /** `PUT /scopes?scope=`: the name cannot change. */
  update(name: string, input: ScopeInput): SimulatorScope {
    const scope = this.#owned(name);
    if (!scope.active) {
      throw inputError(`scope ${name} is deactivated and cannot be changed`, 'scope');
    }
    Object.assign(scope, definedOnly(input), { lastUpdated: this.#clock.now().toISOString() });
    return { ...scope };
  }

  /** `DELETE /scopes?scope=`: deactivates; consumers keep their access (Digdir's docs). */
  deactivate(name: string): SimulatorScope {
    const scope = this.#owned(name);
    if (scope.active) {
      scope.active = false;
      scope.lastUpdated = this.#clock.now().toISOString();
    }
    return { ...scope };
  }

  /** `GET /scopes/access?scope=`. */
  listAccess(name: string, inactive: boolean): SimulatorScopeAccess[] {
    this.#owned(name);
    return [...this.#access.values()]
      .filter(a => a.scope === name && (inactive || a.active))
      .map(a => ({ ...a }));
  }

  /** `PUT /scopes/access/{consumer_orgno}?scope=`. */
  grant(name: string, consumerOrgno: string): SimulatorScopeAccess {
    const scope = this.#owned(name);
    if (!scope.active) {
      throw inputError(`scope ${name} is deactivated; access cannot be granted`, 'scope');
    }
    return { ...this.#grant(scope, consumerOrgno) };
  }

  /** `DELETE /scopes/access/{consumer_orgno}?scope=`. */
  revoke(name: string, consumerOrgno: string): SimulatorScopeAccess {
    this.#owned(name);
    const access = this.#access.get(accessKey(name, consumerOrgno));
    if (!access || !access.active) {
      throw notFoundError(`organisation ${consumerOrgno} has no access to scope ${name}`);
    }
    access.active = false;
    access.state = 'DENIED';
    access.lastUpdated = this.#clock.now().toISOString();
    return { ...access };
  }

  /** Scopes a client may be registered with; throws a 400 naming `scopes`. */
  checkRegistrable(scopes: string[]): void {
    for (const name of scopes) {
      const scope = this.#scopes.get(name);
      if (!scope) {
        if (this.#closed) {
          throw inputError(`scopes: "${name}" is not in the scope catalogue`, 'scopes');
        }
        continue;
      }
      if (!scope.active) {
        throw inputError(`scopes: "${name}" is deactivated`, 'scopes');
      }
      if (!scope.allowedIntegrationTypes.includes('maskinporten')) {
        throw inputError(
          `scopes: "${name}" does not allow integration_type maskinporten (allowed_integration_types)`,
          'scopes',
        );
      }
    }
  }

  /** May `consumerOrgno` use the scope now? Unknown scopes are usable in an open registry. */
  use(name: string, consumerOrgno: string): ScopeUse {
    const scope = this.#scopes.get(name);
    if (!scope) {
      return this.#closed ? { ok: false, reason: 'no-access' } : { ok: true };
    }
    if (!scope.active) {
      return { ok: false, reason: 'inactive' };
    }
    if (!scope.allowedIntegrationTypes.includes('maskinporten')) {
      return { ok: false, reason: 'not-for-maskinporten' };
    }
    if (scope.accessibleForAll) {
      return { ok: true };
    }
    const access = this.#access.get(accessKey(name, consumerOrgno));
    return access?.active ? { ok: true } : { ok: false, reason: 'no-access' };
  }

  #seed(seed: SimulatorScopeSeed): SimulatorScope {
    const parts = splitScopeName(seed.name);
    if (!parts) {
      throw new Error(`scope "${seed.name}" is not "prefix:subscope"`);
    }
    if (this.#scopes.has(seed.name)) {
      throw new Error(`scope "${seed.name}" is listed twice`);
    }
    const ownerOrgno = seed.ownerOrgno ?? DEFAULT_SCOPE_OWNER_ORGNO;
    for (const org of [ownerOrgno, ...(seed.consumers ?? [])]) {
      if (!isOrgNumber(org)) {
        throw new Error(`scope "${seed.name}": "${org}" is not a 9-digit organisation number`);
      }
    }
    const now = this.#clock.now().toISOString();
    const scope: SimulatorScope = {
      name: seed.name,
      ...parts,
      description: seed.description ?? '',
      ownerOrgno,
      visibility: seed.visibility ?? 'PUBLIC',
      accessibleForAll: seed.accessibleForAll ?? false,
      allowedIntegrationTypes: [...(seed.allowedIntegrationTypes ?? ['maskinporten'])],
      active: seed.active ?? true,
      requiresUserConsent: false,
      requiresUserAuthentication: false,
      requiresPseudonymousTokens: false,
      tokenType: 'SELF_CONTAINED',
      created: now,
      lastUpdated: now,
      ...definedOnly({
        longDescription: (seed as ScopeInput).longDescription,
        atMaxAge: (seed as ScopeInput).atMaxAge,
      }),
    };
    this.#scopes.set(scope.name, scope);
    for (const consumer of seed.consumers ?? []) {
      this.#grant(scope, consumer);
    }
    return scope;
  }

  #grant(scope: SimulatorScope, consumerOrgno: string): SimulatorScopeAccess {
    const now = this.#clock.now().toISOString();
    const key = accessKey(scope.name, consumerOrgno);
    const existing = this.#access.get(key);
    if (existing) {
      if (!existing.active) {
        Object.assign(existing, { active: true, state: 'APPROVED', lastUpdated: now });
      }
      return existing;
    }
    const access: SimulatorScopeAccess = {
      scope: scope.name,
      consumerOrgno,
      ownerOrgno: scope.ownerOrgno,
      state: 'APPROVED',
      active: true,
      created: now,
      lastUpdated: now,
    };
    this.#access.set(key, access);
    return access;
  }

  #owned(name: string): SimulatorScope {
    const scope = this.#scopes.get(name);
    if (!scope || scope.ownerOrgno !== this.#orgNumber) {
      throw notFoundError(`scope ${name} is not one of organisation ${this.#orgNumber}'s scopes`);
    }
    return scope;
  }

  #unknownClientScopes(): string[] {
    return [...new Set(this.#clientScopes())].filter(name => !this.#scopes.has(name)).sort();
  }

  #implicitScope(name: string): SimulatorScope {
    const colon = name.indexOf(':');
    const now = this.#clock.now().toISOString();
    return {
      name,
      prefix: colon > 0 ? name.slice(0, colon) : name,
      subscope: colon > 0 ? name.slice(colon + 1) : '',
      description: '',
      ownerOrgno: DEFAULT_SCOPE_OWNER_ORGNO,
      visibility: 'PUBLIC',
      accessibleForAll: false,
      allowedIntegrationTypes: ['maskinporten'],
      active: true,
      requiresUserConsent: false,
      requiresUserAuthentication: false,
      requiresPseudonymousTokens: false,
      tokenType: 'SELF_CONTAINED',
      created: now,
      lastUpdated: now,
    };
  }
}

function accessKey(scope: string, consumer: string): string {
  return `${scope}\n${consumer}`;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
