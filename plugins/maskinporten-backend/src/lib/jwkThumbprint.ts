import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';

/**
 * RFC 7638 JWK thumbprint (SHA-256, base64url) of an RSA public key: the fingerprint by which
 * a key is recognised on a gateway without its kid, e.g. when someone pasted another key
 * under our kid.
 */
export function jwkThumbprint(jwk: { e: string; n: string }): string {
  // Required members only, in lexicographic order, no whitespace (RFC 7638 §3.2).
  return createHash('sha256').update(`{"e":"${jwk.e}","kty":"RSA","n":"${jwk.n}"}`).digest('base64url');
}

/** The thumbprint of an RSA private key's public half, or undefined when the PEM is not one. */
export function privateKeyThumbprint(pem: string): string | undefined {
  try {
    const jwk = createPublicKey(createPrivateKey(pem)).export({ format: 'jwk' });
    return jwk.kty === 'RSA' && jwk.e && jwk.n ? jwkThumbprint({ e: jwk.e, n: jwk.n }) : undefined;
  } catch {
    return undefined;
  }
}
