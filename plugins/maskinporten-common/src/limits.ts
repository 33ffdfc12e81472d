/**
 * Maskinporten holds at most five keys per client, and a JWKS upload replaces the whole set
 * (Digdir's self-service API documentation; reference/MASKINPORTEN.md §4). Every part of the
 * suite that counts keys uses this one constant.
 *
 * @public
 */
export const MAX_KEYS_PER_CLIENT = 5;
