import Typography from '@material-ui/core/Typography';
import { WarningPanel } from '@backstage/core-components';
import type { InvalidIntegration } from '@maskinporten-backstage/plugin-maskinporten-common';

/** Every problem at once, each with its annotation and fix, so one edit can repair them all. */
export function InvalidAnnotations(props: { invalid: InvalidIntegration }) {
  const { invalid } = props;
  return (
    <WarningPanel
      severity="error"
      title={`Invalid Maskinporten annotations on ${invalid.entityRef}`}
      message="Fix these in the entity's catalog-info.yaml; the card updates after the next catalog refresh."
      defaultExpanded
    >
      <ul data-testid={`invalid-${invalid.entityRef}`}>
        {invalid.problems.map((problem, index) => (
          <li key={`${problem.annotation}-${index}`}>
            <Typography variant="body2">
              <code>{problem.annotation}</code>: {problem.message}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              Fix: {problem.fix}
            </Typography>
          </li>
        ))}
      </ul>
    </WarningPanel>
  );
}
