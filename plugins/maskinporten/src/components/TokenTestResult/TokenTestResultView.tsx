import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { WarningPanel } from '@backstage/core-components';
import {
  explainMaskinportenError,
  explainUnuploadedKey,
  type MaskinportenErrorExplanation,
  type MaskinportenKey,
  type TokenTestResult,
} from '@maskinporten-backstage/plugin-maskinporten-common';

const OUTCOME_TITLES: Record<TokenTestResult['outcome'], string> = {
  success: 'Maskinporten issued a token',
  rejected: 'Maskinporten refused the request',
  timeout: 'Maskinporten did not answer in time',
  unreachable: 'Maskinporten could not be reached',
  'upstream-error': 'Maskinporten answered with an error',
};

/**
 * The key an MP-100 points at when Backstage generated it but nobody uploaded it: the key
 * the test signed with if that is pending and not known to be registered, or, when the
 * result does not name one, any such key. MP-100 with an uploaded key keeps the
 * catalogue's general explanation.
 */
export function unuploadedKeyFor(result: TokenTestResult, keys: MaskinportenKey[]): MaskinportenKey | undefined {
  if (result.errorCode !== 'MP-100') return undefined;
  const pending = keys.filter(key => key.state === 'pending' && !key.registeredAt);
  return result.kid ? pending.find(key => key.kid === result.kid) : pending[0];
}

function explanationFor(
  result: TokenTestResult,
  keys: MaskinportenKey[],
): Partial<MaskinportenErrorExplanation> & { message: string } {
  const unuploaded = unuploadedKeyFor(result, keys);
  if (unuploaded) {
    // The backend's message carries the general MP-100 meaning ("unknown client or key"),
    // which would contradict the specific one; say only what Maskinporten answered.
    return {
      ...explainUnuploadedKey({ kid: unuploaded.kid, environment: result.environment }),
      message: `Maskinporten (${result.environment}) refused the grant: ${result.error ?? 'invalid_grant'} MP-100.`,
    };
  }
  // The backend already looked the code up; the catalogue fills in for older stored results.
  const catalogue = explainMaskinportenError(result.errorCode ?? result.errorDescription);
  return {
    message: result.message,
    code: result.errorCode ?? catalogue?.code,
    meaning: result.meaning ?? catalogue?.meaning,
    fix: result.fix ?? catalogue?.fix,
  };
}

/**
 * The full outcome of one token test, in plain words. `keys` (the integration's keys) lets
 * an MP-100 be explained as the missing upload it usually is; `action` sits under the fix.
 */
export function TokenTestResultView(props: {
  result: TokenTestResult;
  keys?: MaskinportenKey[];
  action?: ReactNode;
}) {
  const { result, keys = [], action } = props;
  if (result.outcome === 'success') {
    return (
      <Box data-testid="token-test-success">
        <Typography variant="subtitle1" component="p">
          {OUTCOME_TITLES.success}
        </Typography>
        <Typography variant="body2">
          Token lifetime (expires_in): {result.expiresIn ?? 'not stated'} seconds
        </Typography>
        <Typography variant="body2" component="div">
          Granted scopes:{' '}
          {(result.grantedScopes ?? []).length === 0
            ? 'none'
            : result.grantedScopes!.map(scope => (
                <Chip key={scope} size="small" label={scope} style={{ marginRight: 4 }} />
              ))}
        </Typography>
      </Box>
    );
  }

  const { message, code, meaning, fix } = explanationFor(result, keys);
  return (
    <Box data-testid="token-test-failure">
      <WarningPanel severity="error" title={OUTCOME_TITLES[result.outcome]} message={message} defaultExpanded>
        {code && (
          <Typography variant="body2">
            <strong>Code:</strong> {code}
            {result.httpStatus ? ` (HTTP ${result.httpStatus})` : ''}
          </Typography>
        )}
        {meaning && (
          <Typography variant="body2" data-testid="token-test-meaning">
            <strong>What it means:</strong> {meaning}
          </Typography>
        )}
        {fix && (
          <Typography variant="body2" data-testid="token-test-fix">
            <strong>How to fix it:</strong> {fix}
          </Typography>
        )}
        {action && <Box mt={1}>{action}</Box>}
      </WarningPanel>
    </Box>
  );
}
