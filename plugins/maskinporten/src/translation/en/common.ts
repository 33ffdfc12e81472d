/** Words shared by the card, the page and the dialogs. */
export const common = {
  cancel: 'Cancel',
  close: 'Close',
  copied: 'Copied',
  keyCount_one: '{{count}} key',
  keyCount_other: '{{count}} keys',
  automaticRotation: 'automatic key rotation',
  time: {
    justNow: 'just now',
    dueNow: 'due now',
    expires: 'Expires {{relative}}',
    expired: 'Expired {{relative}}',
    expiresAt: 'Expires {{date}}',
    expiredAt: 'Expired {{date}}',
  },
  expiry: {
    ok: 'OK',
    warning: 'Expires soon',
    critical: 'Critical',
    expired: 'Expired',
    unknown: 'No key',
  },
  keyStates: {
    showLegend: 'What do the key states mean?',
    hideLegend: 'Hide what the key states mean',
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
  },
} as const;
