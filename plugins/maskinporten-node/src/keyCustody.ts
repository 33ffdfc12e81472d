import { createExtensionPoint } from '@backstage/backend-plugin-api';

/**
 * Where private keys are kept between uses. The backend hands a freshly generated key to
 * `seal` and stores only what comes back; it asks `open` when a key must sign (a token test)
 * or be exported (an inline Gravitee deploy). The default seals with AES-256-GCM under
 * `maskinporten.keyEncryption.secret`; a deployer can put a KMS or an HSM-backed service here.
 *
 * @public
 */
export interface MaskinportenKeyCustody {
  /**
   * Identifies the key that seals new keys now. It is stored next to each sealed key, so
   * that after the custody's own key is rotated, older rows can still be opened.
   */
  readonly currentKeyId: string;
  /** Seals a private key (PKCS#8 PEM) bound to its `kid`; returns opaque text to store. */
  seal(privateKeyPem: string, kid: string): Promise<string>;
  /** Opens what `seal` returned for this `kid`. Throws when it cannot (wrong kid, lost key). */
  open(sealed: string, kid: string): Promise<string>;
}

/** @public */
export interface MaskinportenKeyCustodyExtensionPoint {
  /** Replaces the default custody. At most one module may set it. */
  setKeyCustody(custody: MaskinportenKeyCustody): void;
}

/** @public */
export const maskinportenKeyCustodyExtensionPoint =
  createExtensionPoint<MaskinportenKeyCustodyExtensionPoint>({
    id: 'maskinporten.key-custody',
  });
