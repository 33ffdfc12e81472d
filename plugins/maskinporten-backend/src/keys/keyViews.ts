import {
  ExpiryThresholds,
  KeyWindow,
  MaskinportenIntegration,
  MaskinportenIntegrationView,
  MaskinportenKey,
  PublicJwk,
  TokenTestResult,
  MAX_KEYS_PER_CLIENT,
  daysUntil,
  expiryStatus,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { KeyRecord, LIVE_KEY_STATES } from '../database';

/** The public view of a stored key; the ciphertext never leaves this function. */
export function toKeyView(
  key: KeyRecord,
  now: Date,
  thresholds: ExpiryThresholds,
): MaskinportenKey {
  const expired = key.expiresAt !== undefined && key.expiresAt <= now;
  return {
    kid: key.kid,
    environment: key.environment,
    clientId: key.clientId,
    algorithm: key.algorithm,
    modulusLength: key.modulusLength,
    state: expired && LIVE_KEY_STATES.includes(key.state) ? 'expired' : key.state,
    createdAt: key.createdAt.toISOString(),
    createdBy: key.createdBy,
    registeredAt: key.registeredAt?.toISOString(),
    expiresAt: key.expiresAt?.toISOString(),
    expiry: expiryStatus(key.expiresAt, now, thresholds),
    daysUntilExpiry: key.expiresAt ? daysUntil(key.expiresAt, now) : undefined,
  };
}

/** Keys that may still sign grants: live state and not past expiry. Newest first, as stored. */
export function usableKeys<K extends KeyRecord>(keys: K[], now: Date): K[] {
  return keys.filter(
    key =>
      LIVE_KEY_STATES.includes(key.state) &&
      (key.expiresAt === undefined || key.expiresAt > now),
  );
}

/**
 * The key grants are signed with: the newest active key, or the newest pending one when
 * none has been confirmed by a successful token request yet.
 */
export function pickSigningKey<K extends KeyRecord>(keys: K[], now: Date): K | undefined {
  const usable = usableKeys(keys, now);
  return (
    usable.find(key => key.state === 'active') ??
    usable.find(key => key.state === 'pending')
  );
}

/** The set to upload to Samarbeidsportalen: every usable key, newest first, at most five. */
export function toJwkSet(keys: KeyRecord[], now: Date): PublicJwk[] {
  return usableKeys(keys, now)
    .slice(0, MAX_KEYS_PER_CLIENT)
    .map(key => ({
      kty: key.publicJwk.kty,
      alg: key.publicJwk.alg,
      use: key.publicJwk.use,
      kid: key.publicJwk.kid,
      e: key.publicJwk.e,
      n: key.publicJwk.n,
    }));
}

/**
 * The key whose expiry decides when the integration breaks: the signing key, or when every
 * key has lapsed, the newest lapsed one, so that expired integrations sort first instead of
 * looking key-less.
 */
export function integrationExpiryKey<K extends KeyRecord>(keys: K[], now: Date): K | undefined {
  return (
    pickSigningKey(keys, now) ??
    keys.find(key => LIVE_KEY_STATES.includes(key.state) && key.expiresAt !== undefined)
  );
}

/** Assembles what the card and the page show for one integration. */
export function buildIntegrationView(options: {
  integration: MaskinportenIntegration;
  title?: string;
  owner?: string;
  keys: KeyRecord[];
  lastTokenTest?: TokenTestResult;
  now: Date;
  thresholds: ExpiryThresholds;
}): MaskinportenIntegrationView {
  const { integration, keys, now, thresholds } = options;
  const signingKey = pickSigningKey(keys, now);
  const expiryKey = integrationExpiryKey(keys, now);
  return {
    entityRef: integration.entityRef,
    title: options.title,
    owner: options.owner,
    environment: integration.environment,
    clientId: integration.clientId,
    scopes: integration.scopes,
    resources: integration.resources,
    consumerOrg: integration.consumerOrg,
    externalKeyId: integration.externalKeyId,
    keys: keys.map(key => toKeyView(key, now, thresholds)),
    activeKid: signingKey?.kid,
    expiresAt: expiryKey?.expiresAt?.toISOString(),
    expiry: expiryStatus(expiryKey?.expiresAt, now, thresholds),
    lastTokenTest: options.lastTokenTest,
    window: keyWindow(keys, now),
  };
}

/**
 * The sliding window: the signing key, a newer key not yet confirmed by a token test, and
 * replaced keys still registered until a rotation removes them.
 */
export function keyWindow(keys: KeyRecord[], now: Date): KeyWindow {
  const usable = usableKeys(keys, now);
  const active = pickSigningKey(keys, now);
  const next = usable.find(key => key.state === 'pending' && key.kid !== active?.kid);
  return {
    next: next?.kid,
    active: active?.kid,
    retiring: usable.filter(key => key.state === 'retiring').map(key => key.kid),
  };
}
