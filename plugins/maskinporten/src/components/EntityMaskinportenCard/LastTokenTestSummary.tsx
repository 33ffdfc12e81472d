import Typography from '@material-ui/core/Typography';
import type { TokenTestResult } from '@maskinporten-backstage/plugin-maskinporten-common';
import { useT } from '../../translation';
import { PersonName, RelativeTime } from '../common';

/** One line: how the latest token test ended, when, and who ran it. */
export function LastTokenTestSummary(props: { test?: TokenTestResult; component?: 'p' | 'span' }) {
  const { test, component = 'p' } = props;
  const t = useT();
  if (!test) {
    return (
      <Typography variant="body2" color="textSecondary" component={component}>
        {component === 'span' ? t('card.lastTest.noneYet') : t('card.lastTest.never')}
      </Typography>
    );
  }
  return (
    <Typography variant="body2" data-testid="last-token-test" component={component}>
      {t(`tokenTest.outcomes.${test.outcome}`)}
      {test.errorCode ? ` (${test.errorCode})` : ''} <RelativeTime iso={test.requestedAt} format="past" />,{' '}
      {t('card.lastTest.runBy')}{' '}
      <PersonName principal={test.requestedBy} />
    </Typography>
  );
}
