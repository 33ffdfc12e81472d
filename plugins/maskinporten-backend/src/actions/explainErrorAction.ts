import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import {
  MASKINPORTEN_ERRORS,
  MaskinportenErrorExplanation,
  extractMaskinportenErrorCode,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { MaskinportenActionsContext } from './context';
import { registerMaskinportenAction } from './defineAction';

/** What the standard OAuth `error` values mean at Maskinporten's token endpoint. */
const OAUTH_ERRORS: Record<string, { meaning: string; fix: string }> = {
  invalid_request: {
    meaning: 'The token request or its JWT grant is malformed (a parameter or claim is missing, repeated or not accepted).',
    fix: 'Look for the MP code in error_description; Digdir documents which claim or parameter is wrong.',
  },
  invalid_grant: {
    meaning: 'Maskinporten refused the JWT grant: the client, key, signature, audience or time window is wrong.',
    fix: 'Look for the MP code in error_description; the candidates below say what each one means.',
  },
  invalid_scope: {
    meaning: 'A requested scope is not registered on the client or not allowed for Maskinporten.',
    fix: 'Compare the requested scopes with the client in Samarbeidsportalen.',
  },
  invalid_client: {
    meaning: 'Client authentication failed: the client is unknown in this environment or not allowed to use this grant.',
    fix: 'Check the client id against Samarbeidsportalen for this environment, with grant type urn:ietf:params:oauth:grant-type:jwt-bearer.',
  },
  access_denied: {
    meaning: 'The consumer organisation has not granted access (delegation or scope grant missing).',
    fix: 'Ask the API owner or the consumer organisation to grant or delegate the scope.',
  },
  unsupported_grant_type: {
    meaning: 'The request did not use the JWT bearer grant.',
    fix: 'Send grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer with the signed grant as assertion.',
  },
  server_error: {
    meaning: 'Maskinporten failed internally; the request itself may be fine.',
    fix: 'Try again later; if it persists, check Digdir status pages.',
  },
  temporarily_unavailable: {
    meaning: 'Maskinporten is temporarily unavailable.',
    fix: 'Try again later.',
  },
};

const KNOWN_CODES = Object.keys(MASKINPORTEN_ERRORS).join(', ');

export interface ExplainedError {
  source: 'code' | 'errorBody';
  /** The MP code, when one was given or found. */
  code?: string;
  /** The OAuth `error` value (from the catalogue for a code, or from the pasted body). */
  error?: string;
  errorDescription?: string;
  meaning: string;
  fix: string;
  /** Without an MP code: every catalogued code Maskinporten sends with this OAuth error. */
  candidates?: MaskinportenErrorExplanation[];
}

/**
 * Explains a Maskinporten error from its MP code ("MP-110", "mp110", "110") or from an error
 * body someone pasted (`{"error": "invalid_grant", "error_description": "… (MP-110)"}`, or
 * plain text containing the code). Unknown codes and text without a code or OAuth error are
 * input errors naming the field.
 */
export function explainError(input: { code?: string; errorBody?: string }): ExplainedError {
  const { code, errorBody } = input;
  if ((code === undefined) === (errorBody === undefined)) {
    throw new InputError(
      'code, errorBody: give exactly one: an MP code such as "MP-110", or the error body Maskinporten returned',
    );
  }
  if (code !== undefined) {
    const match = /^(?:MP)?-?(\d{3})$/i.exec(code.replace(/\s+/g, ''));
    if (!match) {
      throw new InputError(`code: "${code.slice(0, 40)}" is not a Maskinporten error code; they look like MP-110`);
    }
    const explanation = MASKINPORTEN_ERRORS[`MP-${match[1]}`];
    if (!explanation) {
      throw new InputError(`code: unknown Maskinporten error code "MP-${match[1]}"; known codes: ${KNOWN_CODES}`);
    }
    return { source: 'code', ...explanation };
  }

  const { error, description } = readErrorBody(errorBody!);
  const found = extractMaskinportenErrorCode(description ?? errorBody);
  if (found) {
    const explanation = MASKINPORTEN_ERRORS[found];
    if (!explanation) {
      throw new InputError(`errorBody: names ${found}, which is not a known Maskinporten error code; known codes: ${KNOWN_CODES}`);
    }
    return { source: 'errorBody', ...explanation, error: error ?? explanation.error, errorDescription: description };
  }
  const generic = error ? OAUTH_ERRORS[error] : undefined;
  if (!error || !generic) {
    throw new InputError(
      `errorBody: found no MP code (MP-xxx) and no OAuth error (${Object.keys(OAUTH_ERRORS).join(', ')}); paste the JSON body of Maskinporten's token response`,
    );
  }
  return {
    source: 'errorBody',
    error,
    errorDescription: description,
    ...generic,
    candidates: Object.values(MASKINPORTEN_ERRORS).filter(entry => entry.error === error),
  };
}

/** `error` and `error_description` from a JSON body, or from `error=…` text. */
function readErrorBody(text: string): { error?: string; description?: string } {
  try {
    const json = JSON.parse(text);
    if (json && typeof json === 'object') {
      const error = typeof json.error === 'string' ? json.error : undefined;
      const description = typeof json.error_description === 'string' ? json.error_description : undefined;
      return { error, description };
    }
  } catch {
    // Not JSON: a log line or a copied message.
  }
  const error = /\b(invalid_request|invalid_grant|invalid_scope|invalid_client|access_denied|unsupported_grant_type|server_error|temporarily_unavailable)\b/.exec(
    text,
  )?.[1];
  return { error };
}

export function registerExplainErrorAction(registry: ActionsRegistryService, ctx: MaskinportenActionsContext) {
  registerMaskinportenAction(registry, ctx, {
    name: 'explain-error',
    title: 'Explain a Maskinporten error',
    description: `Explains a Maskinporten token error in plain language, with what to do about it, from Digdir's documented MP error codes.
Give either code (an MP code such as "MP-110") or errorBody (the error Maskinporten returned, pasted as is: its JSON body {"error": "invalid_grant", "error_description": "... MP-110 ..."}, or a log line containing it).
Returns the code, the OAuth error, what it means and how to fix it. When the body has an OAuth error but no MP code, returns the general meaning and every MP code that error can carry (candidates).
A failed token test already carries its code's meaning and fix (see describe-integration's lastTokenTest). Read-only; needs no entity.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    capability: 'read',
    input: z =>
      z
        .object({
          code: z.string().max(40).optional().describe('An MP error code, e.g. "MP-110"'),
          errorBody: z
            .string()
            .max(20_000)
            .optional()
            .describe("Maskinporten's error response as pasted, e.g. {\"error\":\"invalid_grant\",\"error_description\":\"Invalid assertion. Client authentication failed. (MP-110)\"}"),
        })
        .strict(),
    output: z => {
      const entry = z.object({ code: z.string(), error: z.string(), meaning: z.string(), fix: z.string() });
      return z.object({
        source: z.enum(['code', 'errorBody']),
        code: z.string().optional(),
        error: z.string().optional(),
        errorDescription: z.string().optional(),
        meaning: z.string(),
        fix: z.string(),
        candidates: z.array(entry).optional(),
      });
    },
    action: async input => explainError(input),
  });
}
