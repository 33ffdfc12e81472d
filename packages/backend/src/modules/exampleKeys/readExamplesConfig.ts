import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/** One `maskinporten.examples.backdatedKeys` entry. */
export interface BackdatedKeySpec {
  /** Full entity ref of the integration (one entity = one integration). */
  entityRef: string;
  /** The key is created as if this many days ago. */
  ageDays: number;
}

export interface ExamplesConfig {
  backdatedKeys: BackdatedKeySpec[];
}

const KEY = 'maskinporten.examples.backdatedKeys';

/** Reads `maskinporten.examples` (development-only example data). */
export function readExamplesConfig(config: Config): ExamplesConfig {
  const root = config.getOptionalConfig('maskinporten');
  const entries = root?.getOptionalConfigArray('examples.backdatedKeys') ?? [];
  const seen = new Set<string>();
  const backdatedKeys = entries.map((entry, i) => {
    const key = `${KEY}[${i}]`;
    const rawRef = entry.getOptional('entityRef');
    if (typeof rawRef !== 'string' || rawRef.trim() === '') {
      throw new InputError(`${key}.entityRef is required, e.g. resource:default/my-client`);
    }
    let entityRef: string;
    try {
      // No default kind: a bare name would silently mean something else per kind.
      entityRef = stringifyEntityRef(parseEntityRef(rawRef));
    } catch {
      throw new InputError(`${key}.entityRef must be a full entity ref like resource:default/my-client, got "${rawRef}"`);
    }
    if (seen.has(entityRef)) {
      throw new InputError(`${key}.entityRef lists ${entityRef} twice`);
    }
    seen.add(entityRef);
    const ageDays = entry.getOptional('ageDays');
    if (typeof ageDays !== 'number' || !Number.isInteger(ageDays) || ageDays < 0 || ageDays > 3650) {
      throw new InputError(`${key}.ageDays must be a whole number of days from 0 to 3650`);
    }
    return { entityRef, ageDays };
  });

  return { backdatedKeys };
}

/** Where backdated keys may be registered: a simulator's self-service API and its admin token. */
export interface SimulatorRegistration {
  baseUrl: string;
  adminToken: string;
}

/**
 * The environments whose self-service API authenticates with an `adminToken`, which only the
 * simulator accepts: backdated keys are registered there and can never reach Digdir itself.
 */
export function simulatorRegistrations(config: Config): Map<string, SimulatorRegistration> {
  const registrations = new Map<string, SimulatorRegistration>();
  const environments = config.getOptionalConfig('maskinporten.environments');
  for (const name of environments?.keys() ?? []) {
    const selfService = environments!.getConfig(name).getOptionalConfig('selfService');
    const adminToken = selfService?.getOptionalString('auth.adminToken');
    if (selfService && adminToken) {
      registrations.set(name, { baseUrl: selfService.getString('baseUrl').replace(/\/$/, ''), adminToken });
    }
  }
  return registrations;
}
