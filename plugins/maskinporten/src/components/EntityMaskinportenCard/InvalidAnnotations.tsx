import Typography from '@material-ui/core/Typography';
import { WarningPanel } from '@backstage/core-components';
import type { InvalidIntegration } from '@maskinporten-backstage/plugin-maskinporten-common';
import { useT } from '../../translation';

/** Every problem at once, each with its annotation and fix, so one edit can repair them all. */
export function InvalidAnnotations(props: { invalid: InvalidIntegration }) {
  const { invalid } = props;
  const t = useT();
  return (
    <WarningPanel
      severity="error"
      title={t('card.invalid.title', { entityRef: invalid.entityRef })}
      message={t('card.invalid.message')}
      defaultExpanded
    >
      <ul data-testid={`invalid-${invalid.entityRef}`}>
        {invalid.problems.map((problem, index) => (
          <li key={`${problem.annotation}-${index}`}>
            <Typography variant="body2">
              <code>{problem.annotation}</code>: {problem.message}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {t('card.invalid.fix', { fix: problem.fix })}
            </Typography>
          </li>
        ))}
      </ul>
    </WarningPanel>
  );
}
