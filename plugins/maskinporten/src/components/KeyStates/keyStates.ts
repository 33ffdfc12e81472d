import type { MaskinportenKeyState } from '@maskinporten-backstage/plugin-maskinporten-common';

/** A key's state, plus "signing": the role of the one key grants are signed with. */
export type KeyStateName = MaskinportenKeyState | 'signing';

/**
 * The states in the legend's order. Their words live in one place, the translation
 * catalogue (`common.keyStates.<state>`): the chips' tooltips and the legend both read
 * them there, so a state means the same thing everywhere.
 */
export const KEY_STATE_ORDER: KeyStateName[] = ['pending', 'active', 'signing', 'retiring', 'revoked', 'expired'];
