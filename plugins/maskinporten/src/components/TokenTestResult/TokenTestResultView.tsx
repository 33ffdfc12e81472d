import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { WarningPanel } from '@backstage/core-components';
import {
  explainMaskinportenError,
  type TokenTestResult,
} from '@maskinporten-backstage/plugin-maskinporten-common';

const OUTCOME_TITLES: Record<TokenTestResult['outcome'], string> = {
  success: 'Maskinporten issued a token',
  rejected: 'Maskinporten refused the request',
  timeout: 'Maskinporten did not answer in time',
  unreachable: 'Maskinporten could not be reached',
  'upstream-error': 'Maskinporten answered with an error',
};

/** The full outcome of one token test, in plain words. */
export function TokenTestResultView(props: { result: TokenTestResult }) {
  const { result } = props;
  if (result.outcome === 'success') {
    return (
      <Box data-testid="token-test-success">
        <Typography variant="subtitle1">{OUTCOME_TITLES.success}</Typography>
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

  // The backend already looked the code up; the catalogue fills in for older stored results.
  const explanation = explainMaskinportenError(result.errorCode ?? result.errorDescription);
  const meaning = result.meaning ?? explanation?.meaning;
  const fix = result.fix ?? explanation?.fix;
  const code = result.errorCode ?? explanation?.code;
  return (
    <Box data-testid="token-test-failure">
      <WarningPanel severity="error" title={OUTCOME_TITLES[result.outcome]} message={result.message} defaultExpanded>
        {code && (
          <Typography variant="body2">
            <strong>Code:</strong> {code}
            {result.httpStatus ? ` (HTTP ${result.httpStatus})` : ''}
          </Typography>
        )}
        {meaning && (
          <Typography variant="body2">
            <strong>What it means:</strong> {meaning}
          </Typography>
        )}
        {fix && (
          <Typography variant="body2">
            <strong>How to fix it:</strong> {fix}
          </Typography>
        )}
      </WarningPanel>
    </Box>
  );
}
