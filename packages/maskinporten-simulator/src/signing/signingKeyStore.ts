import { createPrivateKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One of the simulator's own signing keys, as kept between runs. @public */
export interface StoredSigningKey {
  kid: string;
  /** PKCS#8 PEM. A development secret: it signs simulated tokens only. */
  privateKeyPem: string;
  /** ISO 8601 */
  createdAt: string;
}

/**
 * The simulator's signing keys, current first; the others are still published at `/jwk`
 * so that tokens signed before a rotation keep verifying.
 *
 * @public
 */
export interface StoredSigningKeys {
  keys: StoredSigningKey[];
}

/**
 * Where the simulator keeps its signing keys between runs. Without one, a fresh key is
 * made on every start, and a resource server that cached `/jwk` (as Digdir recommends for
 * Maskinporten's own keys) stops trusting the simulator's tokens after a restart.
 *
 * @public
 */
export interface SigningKeyStore {
  /** The stored keys, or undefined when there are none yet. */
  load(): StoredSigningKeys | undefined;
  /** Called after the keys were made or rotated. */
  save(keys: StoredSigningKeys): void | Promise<void>;
}

/** Checks what a store handed back, so a damaged file gives a clear error. */
export function checkStoredSigningKeys(value: unknown, where: string): StoredSigningKeys {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new Error(`${where}: expected {"keys": [{"kid", "privateKeyPem", "createdAt"}, …]}`);
  }
  keys.forEach((key, i) => {
    if (typeof key?.kid !== 'string' || key.kid === '' || typeof key.createdAt !== 'string') {
      throw new Error(`${where}: keys[${i}] needs a kid and a createdAt`);
    }
    try {
      const parsed = createPrivateKey(String(key.privateKeyPem));
      if (parsed.asymmetricKeyType !== 'rsa') {
        throw new Error('not RSA');
      }
    } catch {
      throw new Error(`${where}: keys[${i}].privateKeyPem is not an RSA private key in PEM`);
    }
  });
  return { keys: keys.map(k => ({ kid: k.kid, privateKeyPem: k.privateKeyPem, createdAt: k.createdAt })) };
}

/**
 * Keeps the signing keys in a JSON file, readable by its owner only. The file is written
 * whole and renamed into place, so a crash never leaves half a key.
 *
 * @public
 */
export function fileSigningKeyStore(path: string): SigningKeyStore {
  return {
    load() {
      if (!existsSync(path)) {
        return undefined;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(path, 'utf8'));
      } catch (err) {
        throw new Error(`Maskinporten simulator: signing key file ${path} is not JSON (${(err as Error).message})`);
      }
      return checkStoredSigningKeys(parsed, `Maskinporten simulator: signing key file ${path}`);
    },
    save(keys) {
      mkdirSync(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, path);
    },
  };
}
