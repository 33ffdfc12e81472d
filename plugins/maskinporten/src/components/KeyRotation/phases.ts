import type { KeyRotationPhase, KeyRotationView } from '@maskinporten-backstage/plugin-maskinporten-common';

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
