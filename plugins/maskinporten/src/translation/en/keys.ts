/** Generating a first key, the JWK array and how to upload it to Samarbeidsportalen. */
export const keys = {
  generate: {
    button: 'Generate key',
    title: 'Generate a key for a new client',
    confirm:
      '{{title}} has no client id yet. Generate an RSA key for its {{environment}} client? The private key stays on the server; you get the JWK array to create the client with in Samarbeidsportalen. You can show the array again later with "Show JWK array".',
    failed: 'No key was generated',
    created: 'New key {{kid}} created.',
    action: 'Generate',
  },
  jwks: {
    title: 'JWK array',
    heading: '{{title}} ({{keys}})',
    copy: 'Copy {{title}}',
  },
  keySet: {
    button: 'Show JWK array',
    title: 'JWK array: {{title}} ({{environment}})',
    intro:
      "The public keys to register on client {{clientId}}. An upload replaces the client's keys, so the array holds every key to keep. It contains no private key.",
    introNoClient:
      "The public keys to register on the client. An upload replaces the client's keys, so the array holds every key to keep. It contains no private key.",
    pending:
      'Not confirmed yet: {{kids}}. Upload this array if Digdir does not have it (token tests fail with MP-100 until then); a successful token test confirms it.',
    readFailed: 'Could not read the key set: {{error}}',
    selfService:
      'Digdir\'s self-service API is configured for {{environment}}: "Rotate key" registers new keys there for you. Paste this array by hand only to repair the registered set.',
  },
  portal: {
    uploadTitle: 'Upload the key set in Samarbeidsportalen',
    createTitle: 'Create the client in Samarbeidsportalen',
    open: 'Open Samarbeidsportalen (',
    chooseEnvironment: ') and choose the {{environment}} environment.',
    openClient: 'Open the integration with client id {{clientId}}.',
    goToKeys: 'Go to its keys ("Egne public nøkler").',
    pasteReplace: 'Paste the whole JWK array, replacing what is there, and save.',
    createClient: 'Create a new Maskinporten integration with the scopes this entity declares.',
    pasteNew: 'Under "Egne public nøkler", paste the whole JWK array and save.',
    addClientId: 'Add the new client id ("Integrasjons-ID") to the entity\'s catalog-info.yaml as',
    propagation:
      'Maskinporten can take a couple of minutes to accept a new key. Then run "Test token": the first successful test marks the key active.',
  },
} as const;
