import type { KeyObject, X509Certificate } from 'node:crypto';
import type { SimulatorKey } from './types';

/** A registered key with what the token endpoint needs to check a grant signed with it. */
export interface StoredKey extends SimulatorKey {
  keyObject: KeyObject;
  /** The enterprise certificate chain the key is locked to (posted `x5c`), leaf first. */
  certificates?: X509Certificate[];
}

interface KeySetVersion {
  /** When the token endpoint starts using this set, epoch ms. */
  effectiveAtMs: number;
  keys: StoredKey[];
}

/**
 * One client's key set over time. The self-service API always shows the newest upload;
 * the token endpoint sees the newest upload that has propagated.
 *
 * Digdir documents that a configuration change takes 0-2 minutes to reach the token
 * endpoint ("Overføring av integrasjonskonfigurasjon, 0-2 minutter" in the sequence diagram
 * of https://docs.digdir.no/docs/idporten/oidc/oidc_api_admin). Until then the previous
 * set stays in force: a new key is not accepted yet, and a removed key still is.
 */
export class ClientKeySet {
  #versions: KeySetVersion[] = [];
  created?: string;
  lastUpdated?: string;

  /** The newest upload: what `GET /clients/{id}/jwks` returns. */
  latest(): StoredKey[] {
    return this.#versions.at(-1)?.keys ?? [];
  }

  /** The set the token endpoint uses at `nowMs`. */
  effective(nowMs: number): StoredKey[] {
    for (let i = this.#versions.length - 1; i >= 0; i--) {
      if (this.#versions[i].effectiveAtMs <= nowMs) {
        return this.#versions[i].keys;
      }
    }
    return [];
  }

  /** Replaces the set; the token endpoint follows `delayMs` later. */
  replace(keys: StoredKey[], now: Date, delayMs: number): void {
    const nowMs = now.getTime();
    this.#versions.push({ effectiveAtMs: nowMs + delayMs, keys });
    // Only the newest version already in force, and those after it, can matter again.
    let inForce = -1;
    for (let i = 0; i < this.#versions.length; i++) {
      if (this.#versions[i].effectiveAtMs <= nowMs) {
        inForce = i;
      }
    }
    if (inForce > 0) {
      this.#versions = this.#versions.slice(inForce);
    }
    const iso = now.toISOString();
    this.created ??= iso;
    this.lastUpdated = iso;
  }
}
