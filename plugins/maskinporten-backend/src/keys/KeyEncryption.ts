import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import { MaskinportenKeyCustody } from '@maskinporten-backstage/plugin-maskinporten-node';

const FORMAT = 'mpk1';
const IV_BYTES = 12;
const MIN_SECRET_LENGTH = 32;
const HKDF_SALT = 'maskinporten-backstage/key-encryption';
const HKDF_INFO = 'private-key/aes-256-gcm/v1';

interface DerivedKey {
  id: string;
  key: Buffer;
}

/**
 * No configured secret can decrypt a stored key. A conflict (409) between the stored data
 * and the configuration, not a server bug. Carries no key material.
 */
export class KeyDecryptionError extends ConflictError {}

/**
 * Encrypts private keys at rest with AES-256-GCM under a key derived (HKDF-SHA256)
 * from the configured secret. Ciphertexts record which secret encrypted them, so after a
 * rotation the previous secrets still decrypt old rows while new rows use the current one.
 * The associated data binds each ciphertext to its `kid`, so a row's key cannot be
 * swapped into another row unnoticed.
 */
export class KeyEncryption implements MaskinportenKeyCustody {
  readonly #current: DerivedKey;
  readonly #byId: Map<string, DerivedKey>;

  static isStrongSecret(secret: string): boolean {
    return secret.length >= MIN_SECRET_LENGTH;
  }

  static readonly minimumSecretLength = MIN_SECRET_LENGTH;

  constructor(currentSecret: string, previousSecrets: string[] = []) {
    this.#current = derive(currentSecret);
    this.#byId = new Map(
      [currentSecret, ...previousSecrets].map(secret => {
        const derived = derive(secret);
        return [derived.id, derived];
      }),
    );
  }

  /** Identifies the current secret without revealing it. */
  get currentSecretId(): string {
    return this.#current.id;
  }

  /** Key custody: the current secret's id, stored with each sealed key. */
  get currentKeyId(): string {
    return this.#current.id;
  }

  /** Key custody: seals a private key PEM, bound to its kid. */
  async seal(privateKeyPem: string, kid: string): Promise<string> {
    return this.encrypt(privateKeyPem, kid);
  }

  /** Key custody: opens what `seal` returned for this kid. */
  async open(sealed: string, kid: string): Promise<string> {
    return this.decrypt(sealed, kid);
  }

  encrypt(plaintext: string, associatedData: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#current.key, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
    ]);
    return [
      FORMAT,
      this.#current.id,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ciphertext.toString('base64url'),
    ].join('.');
  }

  decrypt(sealed: string, associatedData: string): string {
    const [format, secretId, iv, tag, ciphertext] = sealed.split('.');
    if (format !== FORMAT || !secretId || !iv || !tag || !ciphertext) {
      throw new KeyDecryptionError('Stored key has an unknown format');
    }
    const derived = this.#byId.get(secretId);
    if (!derived) {
      throw new KeyDecryptionError(
        `Stored key was encrypted with a secret that is not configured (secret id ${secretId}); add it to maskinporten.keyEncryption.previousSecrets`,
      );
    }
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        derived.key,
        Buffer.from(iv, 'base64url'),
      );
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      // The cipher's own message says nothing useful and must not be echoed with context.
      throw new KeyDecryptionError(
        'Stored key failed authentication: it was altered or belongs to another key id',
      );
    }
  }

  /** True when the ciphertext was written under an older secret and should be re-encrypted. */
  needsReencryption(sealed: string): boolean {
    return sealed.split('.')[1] !== this.#current.id;
  }
}

function derive(secret: string): DerivedKey {
  const key = Buffer.from(
    hkdfSync('sha256', Buffer.from(secret, 'utf8'), HKDF_SALT, HKDF_INFO, 32),
  );
  const id = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return { id, key };
}
