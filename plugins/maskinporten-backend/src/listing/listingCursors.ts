import { InputError } from '@backstage/errors';
import { IntegrationPosition } from '../database';

const PURPOSE = 'maskinporten/listing-cursor/v1';

/** What sealing needs: authenticated encryption bound to associated data (KeyEncryption). */
export interface Sealer {
  encrypt(plaintext: string, associatedData: string): string;
  decrypt(sealed: string, associatedData: string): string;
}

/**
 * Opaque listing cursors. A page's cursor is the position of its last row, which can be a
 * row the caller was not allowed to read: sealing it (AES-GCM under the key-encryption key,
 * so every replica can open it) keeps that row's ref and expiry from the caller, and a
 * forged cursor from steering the query.
 */
export class ListingCursors {
  readonly #sealer: Sealer;

  constructor(sealer: Sealer) {
    this.#sealer = sealer;
  }

  seal(position: IntegrationPosition): string {
    return this.#sealer.encrypt(
      JSON.stringify({ e: position.expirySort, r: position.entityRef }),
      PURPOSE,
    );
  }

  open(cursor: string): IntegrationPosition {
    try {
      const parsed = JSON.parse(this.#sealer.decrypt(cursor, PURPOSE));
      if (Number.isSafeInteger(parsed?.e) && typeof parsed?.r === 'string') {
        return { expirySort: parsed.e, entityRef: parsed.r };
      }
    } catch {
      // reported below, without saying why: a cursor is opaque
    }
    throw new InputError('cursor: not a cursor returned by this API; start again without it');
  }
}
