/**
 * Token tests: the button and dialog, how a result reads, and Maskinporten's error codes.
 * `mpErrors` repeats the -common catalogue's English word for word (translation.test.ts
 * compares them), so the default language says what the backend says.
 */
export const tokenTest = {
  button: 'Test token',
  dialogTitle: 'Token test: {{title}} ({{environment}})',
  couldNotRun: 'The token test could not run',
  outcomes: {
    success: 'Succeeded',
    rejected: 'Refused',
    timeout: 'Timed out',
    unreachable: 'Maskinporten unreachable',
    'upstream-error': 'Failed at Maskinporten',
  },
  titles: {
    success: 'Maskinporten issued a token',
    rejected: 'Maskinporten refused the request',
    timeout: 'Maskinporten did not answer in time',
    unreachable: 'Maskinporten could not be reached',
    'upstream-error': 'Maskinporten answered with an error',
  },
  lifetime: 'Token lifetime (expires_in): {{seconds}} seconds',
  lifetimeUnknown: 'Token lifetime (expires_in): not stated',
  grantedScopes: 'Granted scopes:',
  noScopes: 'none',
  refused: 'Maskinporten ({{environment}}) refused the grant: {{error}}',
  code: 'Code:',
  meaning: 'What it means:',
  fix: 'How to fix it:',
  unuploaded: {
    meaning:
      'The key {{kid}} has not been uploaded to Digdir yet, so Maskinporten ({{environment}}) does not know it and refuses the grant.',
    fix: "Upload the key set (the JWK array with {{kid}}) to the client in Samarbeidsportalen for {{environment}}, or let a key rotation register it through Digdir's self-service API. Then test the token again: the first successful test makes the key active.",
  },
  mpErrors: {
    'MP-011': {
      meaning:
        'The grant is malformed: a parameter has an invalid value, a required claim is missing, or it carries a claim Maskinporten does not accept.',
      fix: 'Send only aud, iss, scope, iat, exp, jti and, when needed, resource or consumer_org, with alg and kid in the header.',
    },
    'MP-012': {
      meaning: 'This grant was used before: its jti has already been seen.',
      fix: 'Create a new grant with a fresh, unique jti for every token request.',
    },
    'MP-100': {
      meaning:
        'Client authentication failed: the client id is unknown in this environment, or the key id is not registered on the client.',
      fix: 'Check the client id against Samarbeidsportalen for this environment, and that the key (kid) is uploaded to that client.',
    },
    'MP-110': {
      meaning:
        'The audience (aud) is wrong: it names another environment, has a typo, lacks the trailing slash, or is the token endpoint.',
      fix: 'Set aud to the issuer of the environment, e.g. https://test.maskinporten.no/ (with the trailing slash).',
    },
    'MP-120': {
      meaning:
        'The grant is signed with a certificate Maskinporten does not accept here, e.g. a production certificate in test.',
      fix: 'Sign with the certificate or key registered for this environment.',
    },
    'MP-121': {
      meaning: 'Expired key: the registered key was uploaded more than one year ago.',
      fix: 'Generate and upload a new key (or re-post the same key to renew it) in Samarbeidsportalen.',
    },
    'MP-123': {
      meaning: 'The x5c header is invalid: it must be an array of certificates.',
      fix: 'Send x5c as an array of base64 DER certificates, or use kid for a registered key.',
    },
    'MP-124': {
      meaning: 'The signature is invalid: the grant was not signed by the private key that belongs to the kid.',
      fix: 'Sign with the private key whose public key is registered under that kid.',
    },
    'MP-130': {
      meaning:
        'The grant is expired or outside its time window: too old, lifetime over 120 seconds, or the clock is off.',
      fix: 'Set iat to now and exp at most 120 seconds later, and keep the server clock synchronised (NTP).',
    },
    'MP-200': {
      meaning: 'A requested scope is not registered on the client.',
      fix: 'Add the scope to the client in Samarbeidsportalen (the API owner must have granted it), or stop requesting it.',
    },
    'MP-201': {
      meaning: 'A requested scope is not allowed for Maskinporten.',
      fix: 'Request only scopes meant for Maskinporten clients.',
    },
    'MP-250': {
      meaning: 'The consumer organisation has not been granted the scope.',
      fix: 'Ask the API owner to grant the scope to the consumer organisation.',
    },
    'MP-251': {
      meaning: 'No delegation exists from the consumer organisation (consumer_org) to your organisation.',
      fix: 'Ask the consumer to delegate access to your organisation in Altinn, or drop consumer_org.',
    },
    'MP-301': {
      meaning: 'authorization_details is invalid.',
      fix: 'Check the authorization_details structure against the API documentation.',
    },
    'MP-302': {
      meaning: 'authorization_details has an unsupported type.',
      fix: 'Use a supported type, e.g. urn:altinn:systemuser.',
    },
    'MP-303': {
      meaning: 'authorization_details refers to something that does not exist or is not allowed.',
      fix: 'Check the system user and its rights in Altinn.',
    },
  },
} as const;
