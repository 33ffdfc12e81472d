/** Plain-language explanation of one Maskinporten error code. @public */
export interface MaskinportenErrorExplanation {
  code: string;
  /** The OAuth `error` value Maskinporten sends with this code. */
  error: string;
  meaning: string;
  fix: string;
}

const entries: MaskinportenErrorExplanation[] = [
  {
    code: 'MP-011',
    error: 'invalid_request',
    meaning:
      'The grant is malformed: a parameter has an invalid value, a required claim is missing, or it carries a claim Maskinporten does not accept.',
    fix: 'Send only aud, iss, scope, iat, exp, jti and, when needed, resource or consumer_org, with alg and kid in the header.',
  },
  {
    code: 'MP-012',
    error: 'invalid_grant',
    meaning: 'This grant was used before: its jti has already been seen.',
    fix: 'Create a new grant with a fresh, unique jti for every token request.',
  },
  {
    code: 'MP-100',
    error: 'invalid_grant',
    meaning:
      'Client authentication failed: the client id is unknown in this environment, or the key id is not registered on the client.',
    fix: 'Check the client id against Samarbeidsportalen for this environment, and that the key (kid) is uploaded to that client.',
  },
  {
    code: 'MP-110',
    error: 'invalid_grant',
    meaning:
      'The audience (aud) is wrong: it names another environment, has a typo, lacks the trailing slash, or is the token endpoint.',
    fix: 'Set aud to the issuer of the environment, e.g. https://test.maskinporten.no/ (with the trailing slash).',
  },
  {
    code: 'MP-120',
    error: 'invalid_grant',
    meaning:
      'The grant is signed with a certificate Maskinporten does not accept here, e.g. a production certificate in test.',
    fix: 'Sign with the certificate or key registered for this environment.',
  },
  {
    code: 'MP-121',
    error: 'invalid_grant',
    meaning:
      'Expired key: the registered key was uploaded more than one year ago.',
    fix: 'Generate and upload a new key (or re-post the same key to renew it) in Samarbeidsportalen.',
  },
  {
    code: 'MP-123',
    error: 'invalid_grant',
    meaning: 'The x5c header is invalid: it must be an array of certificates.',
    fix: 'Send x5c as an array of base64 DER certificates, or use kid for a registered key.',
  },
  {
    code: 'MP-124',
    error: 'invalid_grant',
    meaning:
      'The signature is invalid: the grant was not signed by the private key that belongs to the kid.',
    fix: 'Sign with the private key whose public key is registered under that kid.',
  },
  {
    code: 'MP-130',
    error: 'invalid_grant',
    meaning:
      'The grant is expired or outside its time window: too old, lifetime over 120 seconds, or the clock is off.',
    fix: 'Set iat to now and exp at most 120 seconds later, and keep the server clock synchronised (NTP).',
  },
  {
    code: 'MP-200',
    error: 'invalid_scope',
    meaning: 'A requested scope is not registered on the client.',
    fix: 'Add the scope to the client in Samarbeidsportalen (the API owner must have granted it), or stop requesting it.',
  },
  {
    code: 'MP-201',
    error: 'invalid_scope',
    meaning: 'A requested scope is not allowed for Maskinporten.',
    fix: 'Request only scopes meant for Maskinporten clients.',
  },
  {
    code: 'MP-250',
    error: 'access_denied',
    meaning: 'The consumer organisation has not been granted the scope.',
    fix: 'Ask the API owner to grant the scope to the consumer organisation.',
  },
  {
    code: 'MP-251',
    error: 'access_denied',
    meaning:
      'No delegation exists from the consumer organisation (consumer_org) to your organisation.',
    fix: 'Ask the consumer to delegate access to your organisation in Altinn, or drop consumer_org.',
  },
  {
    code: 'MP-301',
    error: 'invalid_request',
    meaning: 'authorization_details is invalid.',
    fix: 'Check the authorization_details structure against the API documentation.',
  },
  {
    code: 'MP-302',
    error: 'invalid_request',
    meaning: 'authorization_details has an unsupported type.',
    fix: 'Use a supported type, e.g. urn:altinn:systemuser.',
  },
  {
    code: 'MP-303',
    error: 'invalid_request',
    meaning: 'authorization_details refers to something that does not exist or is not allowed.',
    fix: 'Check the system user and its rights in Altinn.',
  },
];

/** Every documented Maskinporten error code, keyed by code (e.g. `MP-110`). @public */
export const MASKINPORTEN_ERRORS: Readonly<
  Record<string, MaskinportenErrorExplanation>
> = Object.freeze(Object.fromEntries(entries.map(entry => [entry.code, entry])));

/** Finds the `MP-xxx` code inside an `error_description`, if any. @public */
export function extractMaskinportenErrorCode(
  text: string | undefined,
): string | undefined {
  const match = /\bMP-\d{3}\b/.exec(text ?? '');
  return match?.[0];
}

/** The explanation for a code, or for the code found in an error description. @public */
export function explainMaskinportenError(
  codeOrDescription: string | undefined,
): MaskinportenErrorExplanation | undefined {
  const code = extractMaskinportenErrorCode(codeOrDescription);
  return code ? MASKINPORTEN_ERRORS[code] : undefined;
}

/**
 * MP-100 for a key Backstage generated but Digdir was never given: the generic explanation
 * ("unknown client or key") sends people checking the client id, when the step they missed
 * is the upload. Shared so the card, the page and the backend say the same thing.
 *
 * @public
 */
export function explainUnuploadedKey(options: {
  kid: string;
  environment: string;
}): MaskinportenErrorExplanation {
  return {
    code: 'MP-100',
    error: 'invalid_grant',
    meaning: `The key ${options.kid} has not been uploaded to Digdir yet, so Maskinporten (${options.environment}) does not know it and refuses the grant.`,
    fix: `Upload the key set (the JWK array with ${options.kid}) to the client in Samarbeidsportalen for ${options.environment}, or let a key rotation register it through Digdir's self-service API. Then test the token again: the first successful test makes the key active.`,
  };
}
