/**
 * Gateway deployments on the card: where the token service runs, what it signs with, and
 * what to do when that is not the active key (docs/key-lifecycle.md, "Gateways follow the key").
 */
export const gateways = {
  title: 'Gateways',
  none: 'No gateway deployment is known for this integration. Deploy the token service, or link one that already runs.',
  status: {
    'in-sync': 'In sync',
    stale: 'Stale',
    unknown: 'Unknown',
  },
  statusHelp: {
    'in-sync': 'Every gateway signs with the active key.',
    stale: 'A gateway signs with a key that is not the active one, or is missing.',
    unknown: 'What a gateway signs with is not known yet.',
  },
  origin: {
    deployed: 'deployed from Backstage',
    adopted: 'linked',
    manual: 'kept by hand',
  },
  where: '{{target}} API {{name}}',
  contextPath: 'at {{path}}',
  signsWith: 'signs with {{kid}}',
  kidUnknown: 'kid not known yet',
  lastTest: 'Last token request through it: {{outcome}}. {{message}}',
  outcomes: {
    success: 'token received',
    rejected: 'refused',
    timeout: 'timed out',
    unreachable: 'unreachable',
    'upstream-error': 'upstream error',
  },
  checkError: 'Could not read it back: {{error}}',
  testThrough: 'Test through the gateway',
  checkNow: 'Check gateways now',
  link: 'Link existing token service',
  addManual: 'Add gateway kept by hand',
  confirmUpdate: 'Confirm update',
  unlink: 'Unlink',
  failed: 'That did not work: {{error}}',
  renewal:
    'Renewal re-posts the same key to Digdir, so no gateway needs a redeploy. A rotation redeploys each linked gateway with the new key, and tests a token request through it, before the old key goes.',
  keySigns_one: '{{gateways}} signs with this key.',
  keySigns_other: '{{gateways}} sign with this key.',
  keyJoin: ' and ',
  keyExpiring: 'Rotating moves them to a new key (redeployed and tested); renewing keeps this key and needs no redeploy.',
  adoptDialog: {
    title: 'Link an existing token service',
    intro:
      'Backstage reads the API through the gateway’s management API and shows what its Generate JWT step signs with. Link it when that is a key of this integration: from then on rotations redeploy it, and the drift check watches it.',
    target: 'Gateway',
    apiId: 'API id',
    lookUp: 'Look it up',
    found: '{{name}} ({{version}}, {{path}})',
    signer: 'Generate JWT: kid {{kid}}, issuer {{issuer}}, audience {{audiences}}',
    keyState: 'That kid is {{state}} in this integration.',
    cannotLink: 'It cannot be linked:',
    linkAction: 'Link it: it signs with {{kid}}',
    noTargets: 'No gateway with a management API is configured. Add the gateway by hand instead.',
  },
  manualDialog: {
    title: 'Add a gateway kept by hand',
    intro:
      'For a gateway Backstage cannot reach. Name it and say which key it was deployed with; when a rotation replaces that key, the card asks you to update it by hand and confirm.',
    label: 'Name (e.g. the Gravitee environment and API)',
    contextPath: 'Context path (optional)',
    kid: 'It signs with',
    add: 'Add',
  },
  confirmDialog: {
    title: 'Confirm that {{name}} signs with the new key',
    intro:
      'Backstage cannot reach this gateway, so it takes your word for it. Update its Generate JWT step with the key below (download the Gravitee definition with the inline key), redeploy it, then confirm. The old keys leave Digdir only when every gateway is confirmed.',
    kid: 'It now signs with',
    confirm: 'Confirm',
  },
  unlinkDialog: {
    title: 'Unlink {{name}}?',
    text: 'Backstage stops tracking this deployment: rotations no longer redeploy it or wait for it. The gateway itself is not changed.',
    action: 'Unlink',
  },
} as const;
