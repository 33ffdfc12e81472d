import { generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { jwtVerify, JWTPayload, SignJWT } from 'jose';
import type { SimulatorClock } from '../clock';

/** The simulator's own access-token signing key. */
export interface SimulatorSigningKey {
  readonly kid: string;
  readonly alg: 'RS256';
  /** The public key as a JWK for `GET /jwk`. */
  readonly publicJwk: Record<string, unknown>;
  sign(payload: JWTPayload): Promise<string>;
  /**
   * Verifies an access token issued by this simulator (signature, issuer and
   * expiry against the simulator's clock). Throws when invalid.
   */
  verify(token: string): Promise<JWTPayload>;
}

/**
 * Generates an RSA signing key (synchronously, so that a router can be created
 * synchronously). 2048 bits: the key only signs simulated tokens.
 */
export function createSigningKey(options: {
  issuer: string;
  clock: SimulatorClock;
}): SimulatorSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  const kid = `maskinporten-simulator-${randomBytes(6).toString('hex')}`;
  const publicJwk = {
    ...(publicKey.export({ format: 'jwk' }) as Record<string, unknown>),
    kid,
    alg: 'RS256',
    use: 'sig',
  };
  return {
    kid,
    alg: 'RS256',
    publicJwk,
    sign: payload => signWith(privateKey, kid, payload),
    verify: async token => {
      const { payload } = await jwtVerify(token, publicKey, {
        issuer: options.issuer,
        algorithms: ['RS256'],
        currentDate: options.clock.now(),
      });
      return payload;
    },
  };
}

function signWith(
  privateKey: KeyObject,
  kid: string,
  payload: JWTPayload,
): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid })
    .sign(privateKey);
}
