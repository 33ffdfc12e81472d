import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { SimulatorClock } from '../clock';
import { checkStoredSigningKeys, SigningKeyStore, StoredSigningKey, StoredSigningKeys } from './signingKeyStore';

/** Keys published at `/jwk` besides the current one (tokens they signed still verify). */
const MAX_PREVIOUS_KEYS = 2;

interface LoadedKey {
  stored: StoredSigningKey;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

function load(stored: StoredSigningKey): LoadedKey {
  const privateKey = createPrivateKey(stored.privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  return {
    stored,
    privateKey,
    publicKey,
    publicJwk: {
      ...(publicKey.export({ format: 'jwk' }) as Record<string, unknown>),
      kid: stored.kid,
      alg: 'RS256',
      use: 'sig',
    },
  };
}

/** A new RSA-2048 key (synchronous, so a router can be made synchronously). */
function generate(now: Date): StoredSigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    kid: `maskinporten-simulator-${randomBytes(6).toString('hex')}`,
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    createdAt: now.toISOString(),
  };
}

/**
 * The simulator's own access-token signing keys: the current key signs, and it and up to
 * two previous ones are published at `/jwk`. Kept in a {@link SigningKeyStore} when one is
 * given, so tokens and cached JWKS survive a restart; `rotate()` makes a new current key so
 * that a resource server's "unknown kid, fetch the JWKS again" path can be tested.
 */
export class SigningKeyRing {
  readonly #issuer: string;
  readonly #clock: SimulatorClock;
  readonly #store?: SigningKeyStore;
  #keys: LoadedKey[];

  constructor(options: { issuer: string; clock: SimulatorClock; store?: SigningKeyStore }) {
    this.#issuer = options.issuer;
    this.#clock = options.clock;
    this.#store = options.store;
    const stored = options.store?.load();
    if (stored) {
      this.#keys = checkStoredSigningKeys(stored, 'Maskinporten simulator: stored signing keys').keys.map(load);
    } else {
      this.#keys = [load(generate(this.#clock.now()))];
      // A file that cannot be written throws here, at start-up. An asynchronous store (the
      // plugin's database) reports its own failures; the next start then makes a key again.
      const saved = this.#store?.save(this.toStored());
      if (saved instanceof Promise) {
        saved.catch(() => undefined);
      }
    }
  }

  get kid(): string {
    return this.#keys[0].stored.kid;
  }

  readonly alg = 'RS256' as const;

  /** The current key's public JWK. */
  get publicJwk(): Record<string, unknown> {
    return { ...this.#keys[0].publicJwk };
  }

  /** Every published public key, current first: the body of `/jwk` is `{keys: publicJwks}`. */
  publicJwks(): Record<string, unknown>[] {
    return this.#keys.map(k => ({ ...k.publicJwk }));
  }

  toStored(): StoredSigningKeys {
    return { keys: this.#keys.map(k => ({ ...k.stored })) };
  }

  sign(payload: JWTPayload): Promise<string> {
    const [current] = this.#keys;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: current.stored.kid })
      .sign(current.privateKey);
  }

  /**
   * Verifies an access token issued by this simulator with any published key (signature,
   * issuer and expiry against the simulator's clock). Throws when invalid.
   */
  async verify(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(
      token,
      async header => {
        const key = this.#keys.find(k => k.stored.kid === header.kid);
        if (!key) {
          throw new Error('unknown kid');
        }
        return key.publicKey;
      },
      { issuer: this.#issuer, algorithms: ['RS256'], currentDate: this.#clock.now() },
    );
    return payload;
  }

  /**
   * Makes a new current key. With `keepPrevious` (the default) the old key stays published,
   * as during a real key rollover; without it, tokens signed by the old key stop verifying.
   * Returns the new kid once the store has saved it.
   */
  async rotate(options: { keepPrevious?: boolean } = {}): Promise<string> {
    const next = load(generate(this.#clock.now()));
    this.#keys = options.keepPrevious === false ? [next] : [next, ...this.#keys].slice(0, 1 + MAX_PREVIOUS_KEYS);
    await this.#store?.save(this.toStored());
    return next.stored.kid;
  }
}
