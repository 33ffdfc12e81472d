/** The entity card: its frame, an integration's summary and details, who owns it, its scopes. */
export const card = {
  title: 'Maskinporten',
  loadFailed: 'Could not load Maskinporten integrations',
  thisEntity: '(this {{kind}})',
  showDetails: 'Details',
  hideDetails: 'Hide details',
  summary: {
    environment: 'Environment: {{environment}}',
    rotation: 'Rotation: {{phase}}',
    clientId: 'Client id:',
    clientIdMissing: 'not registered yet',
    copyClientId: 'Copy client id',
    clientIdCopied: 'Client id copied',
    lastTokenTest: 'Last token test:',
    unconfirmedRegistered: 'Not confirmed yet: "Test token" confirms key {{kid}}.',
    unconfirmedManual: 'Not confirmed yet: upload the JWK array, then "Test token" confirms key {{kid}}.',
    unconfirmedUnknown:
      'Not confirmed yet: "Test token" confirms key {{kid}} (MP-100 means Digdir lacks it: upload the JWK array).',
  },
  details: {
    scopes: 'Scopes',
    owner: 'Owner',
    ownerNone: 'none set',
    keys: 'Keys',
    keyRotation: 'Key rotation',
    noKeysNotOwner: 'No keys yet. The owner creates them.',
    noKeysNoClient: 'No keys yet. Generate one to create the client in Samarbeidsportalen with.',
    noKeysSelfService: 'No keys yet. "Create key" generates one and registers it with Digdir.',
    noKeysManual: 'No keys yet. "Create key" generates one and guides you through its upload.',
    noKeysAdoptFirst:
      'No keys managed here yet: the keys this client has were registered outside Backstage. Adopt it to manage them here; a rotation then replaces them.',
    noKeysUnclaimed:
      'No keys managed here yet: the keys this client has were registered outside Backstage. Once an ownership rule assigns it to a team, that team can adopt it.',
  },
  keyList: {
    revoked: 'Revoked; Maskinporten no longer accepts it.',
    notRegistered: 'Its year starts when the key is registered with Digdir.',
  },
  lastTest: {
    noneYet: 'none yet',
    never: 'No token test has been run.',
    runBy: 'run by',
  },
  invalid: {
    title: 'Invalid Maskinporten annotations on {{entityRef}}',
    message: "Fix these in the entity's catalog-info.yaml; the card updates after the next catalog refresh.",
    fix: 'Fix: {{fix}}',
  },
  missing: {
    example: 'For example:',
  },
  owner: {
    none: 'The catalog names no owner for this integration, so nobody can manage its keys here. Set spec.owner in its catalog-info.yaml.',
    ownedBy: 'Owned by',
    askThem: ': ask them',
    toFix: 'to rotate its keys or fix a failing token.',
  },
  scopeAccess: {
    granted: 'access granted',
    open: 'open to all',
    request: 'no access',
    grantedHelp: 'The organisation has been granted this scope.',
    openHelp: 'Anyone may use this scope; no grant is needed.',
    requestHelp:
      'The organisation has no access to this scope now, so token requests for it fail. Access must first be requested from its owner.',
    withdrawn_one: 'No access to {{scopes}}: token requests with this scope fail until access is granted again.',
    withdrawn_other: 'No access to {{scopes}}: token requests with these scopes fail until access is granted again.',
    askOwner: 'Ask the owner of {{scope}} (organisation {{orgno}}) for access.',
    askOwnerUnknown: 'Ask the API owner for access.',
  },
  imported: {
    imported: 'Imported from Digdir',
    importedHelp: 'This client was found in Digdir and imported into the catalog.',
    unclaimed: 'Unclaimed',
    unclaimedHelp:
      'Owned by the triage group until an ownership rule assigns it to a team.',
    adopted: 'Keys managed here',
    adopt: 'Adopt',
    adoptTitle: 'Adopt {{title}}?',
    adoptIntro:
      'From now on the keys of client {{clientId}} ({{environment}}) are managed here: rotations, expiry warnings and token tests.',
    adoptExisting:
      'Its existing keys stay registered at Digdir until a rotation replaces them, so nothing that signs with them stops working now.',
    adoptFailed: 'The client was not adopted',
  },
} as const;
