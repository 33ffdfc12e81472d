import {
  ExpiryThresholds,
  KeyExpiryState,
  expiryStatus,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { LIVE_KEY_STATES, NotifiedState, KeyRecord } from '../database';

export interface KeyVerdict {
  key: KeyRecord;
  /** What the owner should know: `superseded` needs no action. */
  state: NotifiedState;
  /** For the scan's counts: superseded and expiry-less keys count as ok. */
  counted: KeyExpiryState;
  /** For a superseded key: the active key that took over. */
  successorKid?: string;
}

/**
 * Judges the live keys (pending, active, retiring) of one integration. A retiring key whose
 * successor is active and outlives it is `superseded`: rotation has moved the integration on
 * (see `KeyWindow.retiring`: confirmed-replaced keys), so its expiry is no reason to alarm
 * the owner. Pending and active keys are judged by their own expiry, since a gateway may still
 * sign with an older active key.
 */
export function classifyKeys(
  keys: KeyRecord[],
  now: Date,
  thresholds: ExpiryThresholds,
): KeyVerdict[] {
  const live = keys.filter(key => LIVE_KEY_STATES.includes(key.state));
  return live.map(key => {
    const status = expiryStatus(key.expiresAt, now, thresholds);
    const judged: KeyExpiryState = status === 'unknown' ? 'ok' : status;
    if (key.state === 'retiring') {
      const successor = live.find(
        other =>
          other.kid !== key.kid &&
          other.state === 'active' &&
          isUsable(other, now) &&
          outlives(other, key),
      );
      if (successor) {
        return { key, state: 'superseded', counted: 'ok', successorKid: successor.kid };
      }
    }
    return { key, state: judged, counted: judged };
  });
}

function isUsable(key: KeyRecord, now: Date): boolean {
  return key.expiresAt === undefined || key.expiresAt > now;
}

function outlives(candidate: KeyRecord, key: KeyRecord): boolean {
  if (candidate.expiresAt === undefined) {
    return true;
  }
  return key.expiresAt !== undefined && candidate.expiresAt > key.expiresAt;
}
