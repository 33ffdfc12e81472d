import Typography from '@material-ui/core/Typography';
import type { TokenTestResult } from '@maskinporten-backstage/plugin-maskinporten-common';
import { formatAbsolute, formatRelative } from '../../lib/time';

const OUTCOME_WORDS: Record<TokenTestResult['outcome'], string> = {
  success: 'succeeded',
  rejected: 'was refused',
  timeout: 'timed out',
  unreachable: 'could not reach Maskinporten',
  'upstream-error': 'failed at Maskinporten',
};

/** One line: when, by whom, and how the latest token test ended. */
export function LastTokenTestSummary(props: { test?: TokenTestResult }) {
  const { test } = props;
  if (!test) {
    return (
      <Typography variant="body2" color="textSecondary">
        No token test has been run.
      </Typography>
    );
  }
  return (
    <Typography variant="body2" data-testid="last-token-test">
      <span title={formatAbsolute(test.requestedAt)}>{formatRelative(test.requestedAt)}</span> by{' '}
      {test.requestedBy}: {OUTCOME_WORDS[test.outcome]}
      {test.errorCode ? ` (${test.errorCode})` : ''}
    </Typography>
  );
}
