import { InputError } from '@backstage/errors';
import { MaskinportenGatewayTarget } from '@maskinporten-backstage/plugin-maskinporten-node';
import { MANUAL_TARGET } from '../database';

/**
 * The gateway targets this backend can reach: the built-in Gravitee target (when its
 * management API is configured) and those modules added. A deployment whose target is not here,
 * or cannot deploy, is carried by its owner (`manual`).
 */
export class GatewayTargets {
  readonly #targets = new Map<string, MaskinportenGatewayTarget>();

  constructor(targets: MaskinportenGatewayTarget[]) {
    for (const target of targets) {
      if (target.id === MANUAL_TARGET || !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(target.id)) {
        throw new InputError(
          `Gateway target id "${target.id}" is not allowed: use 1-64 lower-case letters, digits, ".", "_" or "-", and not "${MANUAL_TARGET}"`,
        );
      }
      if (this.#targets.has(target.id)) {
        throw new InputError(`Two gateway targets have the id "${target.id}"; give each module's target its own id`);
      }
      this.#targets.set(target.id, target);
    }
  }

  get(id: string): MaskinportenGatewayTarget | undefined {
    return this.#targets.get(id);
  }

  /** True when the backend can redeploy the target's deployments and read them back. */
  isManaged(id: string): boolean {
    return this.#targets.get(id)?.deploy !== undefined;
  }

  title(id: string): string {
    return id === MANUAL_TARGET ? 'Gateway kept by hand' : this.#targets.get(id)?.title ?? `${id} (not configured)`;
  }

  list(): Array<{ id: string; title: string; managed: boolean }> {
    return [...this.#targets.values()].map(t => ({ id: t.id, title: t.title, managed: this.isManaged(t.id) }));
  }

  get size(): number {
    return this.#targets.size;
  }
}
