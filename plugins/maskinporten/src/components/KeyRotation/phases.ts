import type { KeyRotationPhase, KeyRotationView } from '@maskinporten-backstage/plugin-maskinporten-common';

/** Phase names as people read them; the raw names are the backend's. */
export const PHASE_LABELS: Record<KeyRotationPhase, string> = {
  started: 'Started',
  generated: 'New key generated',
  registered: 'Registered with Digdir',
  'awaiting-upload': 'Waiting for your upload',
  verified: 'New key verified',
  gateways: 'Redeploying gateways',
  retired: 'Old keys retired',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** The steps each mode goes through, in order; `failed` and `cancelled` end one early. */
export const ROTATION_STEPS: Record<KeyRotationView['mode'], KeyRotationPhase[]> = {
  'self-service': ['generated', 'registered', 'verified', 'retired'],
  manual: ['generated', 'awaiting-upload', 'verified', 'retired'],
};

/** While the backend moves these along by itself, the card re-reads now and then. */
export const AUTOMATIC_PHASES: KeyRotationPhase[] = ['started', 'generated', 'registered'];
export const CANCELLABLE_PHASES: KeyRotationPhase[] = ['started', 'generated', 'registered', 'awaiting-upload'];

/** Environments whose keys production traffic depends on get a louder confirmation. */
export function isProduction(environment: string): boolean {
  return /^prod/i.test(environment);
}
