import type { MaskinportenKeyState } from '@maskinporten-backstage/plugin-maskinporten-common';

/** A key's state, plus "signing": the role of the one key grants are signed with. */
export type KeyStateName = MaskinportenKeyState | 'signing';

/**
 * The one place the words for key states live: the chips' tooltips and the legend both
 * read from here, so a state means the same thing everywhere.
 */
export const KEY_STATES: Record<KeyStateName, { label: string; description: string }> = {
  pending: {
    label: 'pending',
    description:
      'Generated here, not yet confirmed at Digdir. Upload the key set (or let a rotation register it); the first successful token test makes it active.',
  },
  active: {
    label: 'active',
    description: 'Registered with Digdir and confirmed by a successful token test.',
  },
  signing: {
    label: 'signing',
    description: 'The key grants are signed with now: token tests and Gravitee definitions use it.',
  },
  retiring: {
    label: 'retiring',
    description:
      'Replaced by a newer key and still registered, so running gateways keep working until the rotation removes it.',
  },
  revoked: {
    label: 'revoked',
    description: 'Withdrawn before its expiry. Maskinporten no longer accepts it; its expiry date no longer matters.',
  },
  expired: {
    label: 'expired',
    description: 'Registered more than a year ago. Maskinporten refuses it (MP-121); rotate to a new key.',
  },
};

export const KEY_STATE_ORDER: KeyStateName[] = ['pending', 'active', 'signing', 'retiring', 'revoked', 'expired'];
