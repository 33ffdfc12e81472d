/**
 * Key rotation on the card. `next` repeats -common's describeRotationNextStep word for word
 * (translation.test.ts compares them): the frontend renders it from the phase, so it can
 * be translated, instead of showing the backend's English `nextStep`.
 */
export const rotation = {
  phases: {
    started: 'Started',
    generated: 'New key generated',
    registered: 'Registered with Digdir',
    'awaiting-upload': 'Waiting for your upload',
    verified: 'New key verified',
    gateways: 'Gateways follow',
    retired: 'Old keys retired',
    failed: 'Failed',
    cancelled: 'Cancelled',
  },
  next: {
    started: 'Generating the new key.',
    generatedManual: 'Preparing the key set to upload.',
    generatedSelfService: "Registering the new key next to the old ones with Digdir's self-service API.",
    registered: 'Waiting for Maskinporten to accept the new key (token test), retried automatically.',
    'awaiting-upload':
      'Upload this JWK array to the client in Samarbeidsportalen (it replaces the whole set), then confirm: the new key is then checked with a token test.',
    verifiedManual:
      'The new key works. Upload this JWK array (without {{oldKids}}) to Samarbeidsportalen and confirm to finish.',
    verifiedSelfService: 'The new key works. The old keys stay registered for the grace period, then leave the set.',
    gatewaysDoneManual:
      'Every gateway signs with the new key. Upload this JWK array (without {{oldKids}}) to Samarbeidsportalen and confirm to finish.',
    gatewaysDoneSelfService:
      'Every gateway signs with the new key. The old keys stay registered for the grace period, then leave the set.',
    gatewaysByHand:
      'Update {{gateways}} to the new key by hand (download the definition), then confirm; the old keys stay registered until then.',
    gatewaysFailed:
      'Redeploying {{gateways}} failed; retried automatically. The old keys stay registered until every gateway signs with the new key.',
    gatewaysFailedError:
      'Redeploying {{gateways}} failed ({{error}}); retried automatically. The old keys stay registered until every gateway signs with the new key.',
    gatewaysRedeploying:
      'Redeploying {{gateways}} with the new key and testing a token request through each; the old keys stay registered until then.',
    gateway: '{{target}} API {{name}}',
    gatewaysJoin: ' and ',
    retired: 'Done: the new key is active and the old keys are removed.',
    failed: 'Failed: {{error}}. Start a new rotation after fixing the cause.',
    failedNoError: 'see the logs',
    cancelled: 'Cancelled; the old keys were kept.',
    theOldKeys: 'the old keys',
  },
  stepStates: {
    done: 'done',
    current: 'current step',
    todo: 'to do',
  },
  inProgress: 'Rotation in progress',
  last: 'Last rotation',
  modeManual: 'you upload the keys',
  modeSelfService: "Backstage registers the keys through Digdir's API",
  retireAfter: 'Old keys leave the registered set after {{date}}.',
  attempts_one: '{{count}} attempt',
  attempts_other: '{{count}} attempts',
  none: 'No rotation yet.',
  finalJwks: 'Final JWK array',
  newJwks: 'New JWK array',
  pasteWhole: "Paste the whole array as the client's keys in Samarbeidsportalen ({{environment}}): it replaces what is there.",
  verification: 'Token test with the new key',
  stepFailed: 'The rotation step did not complete',
  gatewaysTitle: 'Gateways in this rotation',
  gatewayStates: {
    pending: 'to redeploy',
    redeployed: 'redeployed, testing',
    verified: 'token through it works',
    'awaiting-owner': 'waiting for you',
    confirmed: 'confirmed',
    failed: 'failed, retried',
  },
  forceRetire: 'Retire anyway…',
  forceTitle: 'Retire the old keys of {{title}} although gateways still use them?',
  forceText:
    'These gateways still sign with an old key. They fail (MP-100) as soon as Backstage removes it from Digdir, and this cannot be undone:',
  forceAcknowledge: 'I understand that these gateways will break',
  forceReason: 'Why (kept in the audit log)',
  forceAction: 'Retire and break them',
  forcedBy: 'The old keys were retired by force ({{who}}) while gateways still used them.',
  createKey: 'Create key',
  rotateKey: 'Rotate key',
  uploaded: 'I have uploaded it',
  retryNow: 'Retry now',
  retireNow: 'Retire old keys now',
  cancel: 'Cancel rotation',
  confirmCreateTitle: 'Create the first key of {{title}}?',
  confirmRotateTitle: 'Rotate the key of {{title}}?',
  confirmRetireTitle: 'Retire the old keys of {{title}} now?',
  confirm: {
    productionClient: 'This is the production client {{clientId}}.',
    keepCurrent: 'next to the current keys ({{kids}})',
    selfService:
      'Backstage generates a new key and registers it with Digdir {{keep}} for client {{clientId}}. It then requests a token with the new key; once that works, the new key signs, and the old keys are removed from Digdir after the grace period.',
    manual:
      'Backstage generates a new key and shows you the JWK array to paste into Samarbeidsportalen for client {{clientId}}. When you confirm the upload it requests a token with the new key; then you upload the final array without the old keys.',
    whereSelfService: "Where Digdir's self-service API is configured for {{environment}}: {{text}}",
    otherwise: 'Otherwise: {{text}}',
    gateways:
      'Gateways that sign with an old key keep working until that key leaves Digdir; update them (download or deploy the Gravitee definition) once the new key is verified.',
    rotateProduction:
      'Rotating changes the keys Digdir has registered for it, and production traffic signs with them.',
    retire:
      'Backstage removes {{oldKids}} from the keys Digdir has registered for client {{clientId}} ({{environment}}) now. Only the new key {{newKid}} stays.',
    retireEarly:
      'Backstage removes {{oldKids}} from the keys Digdir has registered for client {{clientId}} ({{environment}}) now, instead of after {{date}}. Only the new key {{newKid}} stays.',
    retireConsequence:
      'Anything still signing with an old key, such as a Gravitee gateway that has not been updated, gets MP-100 from then on. This cannot be undone: the old keys are revoked.',
    retireProduction: 'Make sure every production gateway signs with the new key before you retire the old ones.',
  },
  page: {
    rotating: 'Rotating: {{phase}}',
    retrying: '(retrying)',
    lastError: 'Last error: {{error}}',
    nextWaiting: 'next key waiting',
    retiring_one: '{{count}} key retiring',
    retiring_other: '{{count}} keys retiring',
  },
} as const;
