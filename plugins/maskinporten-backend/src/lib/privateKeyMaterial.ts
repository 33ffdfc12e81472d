/**
 * Private key material in every form this plugin handles it: a PEM private key (PKCS#8 or
 * PKCS#1), a private JWK's `d` member in JSON, and the custody's sealed ciphertext
 * (`mpk1.`). The security tests scan every answer any caller gets with it, and the actions
 * refuse to return an answer it matches.
 *
 * @public
 */
export const PRIVATE_KEY_MATERIAL = /BEGIN (RSA )?PRIVATE KEY|"d":"|mpk1\./;

/** The first piece of key material in `text`, if any (for a test failure that says what leaked). @public */
export function findPrivateKeyMaterial(text: string): string | undefined {
  return PRIVATE_KEY_MATERIAL.exec(text)?.[0];
}
