import {
  MASKINPORTEN_ERRORS,
  MaskinportenKeyState,
  TokenTestResult,
  explainUnuploadedKey,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { TokenRequestResult } from './tokenClient';

/** Maskinporten's answer in the words the card and the page show, with the MP code's fix. */
export function explainTokenResponse(
  response: TokenRequestResult,
  environment: string,
  /** The key the grant was signed with: a pending key refused with MP-100 was never uploaded. */
  signingKey?: { kid: string; state: MaskinportenKeyState },
): Pick<
  TokenTestResult,
  | 'outcome'
  | 'message'
  | 'httpStatus'
  | 'errorCode'
  | 'error'
  | 'errorDescription'
  | 'meaning'
  | 'fix'
  | 'grantedScopes'
  | 'expiresIn'
> {
  switch (response.kind) {
    case 'success':
      return {
        outcome: 'success',
        httpStatus: response.status,
        grantedScopes: response.scopes,
        expiresIn: response.expiresIn,
        message: `Maskinporten (${environment}) issued a token for ${
          response.scopes.join(' ') || 'the requested scopes'
        }${response.expiresIn !== undefined ? `, valid for ${response.expiresIn} s` : ''}.`,
      };
    case 'rejected': {
      let explanation = response.code ? MASKINPORTEN_ERRORS[response.code] : undefined;
      if (response.code === 'MP-100' && signingKey?.state === 'pending') {
        explanation = explainUnuploadedKey({ kid: signingKey.kid, environment });
      }
      return {
        outcome: 'rejected',
        httpStatus: response.status,
        error: response.error,
        errorDescription: response.errorDescription,
        errorCode: response.code,
        meaning: explanation?.meaning,
        fix: explanation?.fix,
        message: `Maskinporten (${environment}) refused the grant: ${response.error}${
          response.code ? ` ${response.code}` : ''
        }${explanation ? `. ${explanation.meaning}` : ''}`,
      };
    }
    case 'timeout':
      return {
        outcome: 'timeout',
        message: `The ${environment} token endpoint did not answer within ${response.timeoutMs} ms.`,
      };
    case 'unreachable':
      return {
        outcome: 'unreachable',
        message: `The ${environment} token endpoint could not be reached (${response.detail}).`,
      };
    case 'upstream-error':
      return {
        outcome: 'upstream-error',
        httpStatus: response.status,
        message: `The ${environment} token endpoint failed: ${response.detail}.`,
      };
    default:
      throw new Error('unreachable');
  }
}
