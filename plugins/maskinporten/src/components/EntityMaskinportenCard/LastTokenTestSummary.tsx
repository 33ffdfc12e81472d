import Typography from '@material-ui/core/Typography';
import type { TokenTestResult } from '@maskinporten-backstage/plugin-maskinporten-common';
import { formatPast } from '../../lib/time';
import { PersonName, RelativeTime } from '../common';

export const TOKEN_TEST_OUTCOMES: Record<TokenTestResult['outcome'], string> = {
  success: 'Succeeded',
  rejected: 'Refused',
  timeout: 'Timed out',
  unreachable: 'Maskinporten unreachable',
  'upstream-error': 'Failed at Maskinporten',
};

/** One line: how the latest token test ended, when, and who ran it. */
export function LastTokenTestSummary(props: { test?: TokenTestResult; component?: 'p' | 'span' }) {
  const { test, component = 'p' } = props;
  if (!test) {
    return (
      <Typography variant="body2" color="textSecondary" component={component}>
        {component === 'span' ? 'none yet' : 'No token test has been run.'}
      </Typography>
    );
  }
  return (
    <Typography variant="body2" data-testid="last-token-test" component={component}>
      {TOKEN_TEST_OUTCOMES[test.outcome]}
      {test.errorCode ? ` (${test.errorCode})` : ''} <RelativeTime iso={test.requestedAt} format={formatPast} />, run by{' '}
      <PersonName principal={test.requestedBy} />
    </Typography>
  );
}
