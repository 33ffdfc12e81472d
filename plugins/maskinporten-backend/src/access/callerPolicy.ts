import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';

/**
 * What a route or action does, as far as callers are concerned. Every route names one.
 * Only `read` is public data (integrations, public JWKS, statuses, lint findings); every
 * other capability reaches key material or changes state.
 */
export const CAPABILITIES = [
  'read',
  'key.create',
  'token.test',
  'gravitee.export',
  'gravitee.deploy',
  'rotation',
  'provisioning',
  'expiry-scan',
  'index.refresh',
  'client.assign',
  'gateway.link',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Capabilities a service may use with its own (non-user) credentials. */
const BARE_SERVICE_CAPABILITIES: readonly Capability[] = ['read'];

/** A backend plugin or external caller the deployer names, and what it may do. */
export interface ServiceCaller {
  /** `plugin:<pluginId>` for a backend plugin, `external:<subject>` for an external-access token. */
  subject: string;
  /**
   * True: the caller acts on behalf of a user (its request carries the user's identity, as
   * the scaffolder does with `getPluginRequestToken({ onBehalfOf })`), and the user's own
   * permissions still decide. False: it calls with its own credentials, for `read` only.
   */
  onBehalfOfUser: boolean;
  capabilities: Capability[];
}

/**
 * The default: the scaffolder may provision integrations for the user who runs a template.
 * Nothing else reaches this plugin without a user.
 */
export const DEFAULT_SERVICE_CALLERS: ServiceCaller[] = [
  { subject: 'plugin:scaffolder', onBehalfOfUser: true, capabilities: ['provisioning'] },
];

/**
 * Who may call what. A user acting for themselves may call every capability (the permission
 * framework then decides per entity). A service, alone or on a user's behalf, may call only
 * what `maskinporten.access.serviceCallers` lists for it, because Backstage's permission
 * framework allows every service principal everything: without this check any static
 * external-access token or other backend plugin could export keys or rotate them.
 */
export class CallerPolicy {
  readonly #callers: ServiceCaller[];

  constructor(callers: ServiceCaller[] = DEFAULT_SERVICE_CALLERS) {
    this.#callers = callers;
  }

  static fromConfig(config: Config): CallerPolicy {
    const list = config.getOptionalConfigArray('maskinporten.access.serviceCallers');
    if (!list) {
      return new CallerPolicy();
    }
    return new CallerPolicy(
      list.map((entry, index) => readServiceCaller(entry, `maskinporten.access.serviceCallers[${index}]`)),
    );
  }

  /** Throws NotAllowedError (403) unless these credentials may use the capability. */
  assert(credentials: BackstageCredentials, capability: Capability): void {
    const principal = credentials.principal as {
      type: string;
      subject?: string;
      actor?: { subject: string };
    };
    if (principal.type === 'user' && !principal.actor) {
      return;
    }
    const onBehalfOfUser = principal.type === 'user';
    const subject = onBehalfOfUser ? principal.actor!.subject : principal.subject;
    if (principal.type !== 'user' && principal.type !== 'service') {
      throw new NotAllowedError(`Not allowed: maskinporten ${capability} needs a signed-in user`);
    }
    const allowed = this.#callers.some(
      caller =>
        caller.subject === subject &&
        caller.onBehalfOfUser === onBehalfOfUser &&
        caller.capabilities.includes(capability),
    );
    if (!allowed) {
      throw new NotAllowedError(
        onBehalfOfUser
          ? `Not allowed: ${subject} may not use maskinporten ${capability} on behalf of a user; a deployer can list it under maskinporten.access.serviceCallers`
          : `Not allowed: maskinporten ${capability} needs a user; service ${subject} is not listed for it under maskinporten.access.serviceCallers`,
      );
    }
  }

  /** The configured callers, for the README's "who can do what" and for start-up logs. */
  describe(): string {
    return this.#callers
      .map(c => `${c.subject} (${c.onBehalfOfUser ? 'on behalf of a user' : 'own credentials'}): ${c.capabilities.join(', ')}`)
      .join('; ');
  }
}

function readServiceCaller(entry: Config, key: string): ServiceCaller {
  const subject = entry.getString('subject');
  if (!/^(plugin|external):[A-Za-z0-9._-]{1,100}$/.test(subject)) {
    throw new InputError(
      `${key}.subject must be "plugin:<pluginId>" or "external:<subject>", got "${subject}"`,
    );
  }
  const onBehalfOfUser = entry.getOptionalBoolean('onBehalfOfUser') ?? false;
  const capabilities = entry.getStringArray('capabilities');
  for (const capability of capabilities) {
    if (!(CAPABILITIES as readonly string[]).includes(capability)) {
      throw new InputError(
        `${key}.capabilities: unknown capability "${capability}"; use ${CAPABILITIES.join(', ')}`,
      );
    }
    if (!onBehalfOfUser && !BARE_SERVICE_CAPABILITIES.includes(capability as Capability)) {
      throw new InputError(
        `${key}.capabilities: "${capability}" reaches key material or changes state, so ${subject} may use it only with onBehalfOfUser: true (the user's permissions then decide)`,
      );
    }
  }
  return { subject, onBehalfOfUser, capabilities: capabilities as Capability[] };
}
