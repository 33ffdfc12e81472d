import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import RadioButtonCheckedIcon from '@material-ui/icons/RadioButtonChecked';
import RadioButtonUncheckedIcon from '@material-ui/icons/RadioButtonUnchecked';
import ErrorIcon from '@material-ui/icons/Error';
import Alert from '@material-ui/lab/Alert';
import type { KeyRotationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { formatAbsolute } from '../../lib/time';
import { plural } from '../../lib/plural';
import { PHASE_LABELS, ROTATION_STEPS } from './phases';

type StepState = 'done' | 'current' | 'todo';
const STEP_STATE_WORDS: Record<StepState, string> = { done: 'done', current: 'current step', todo: 'to do' };

function StepIcon(props: { state: StepState }) {
  // The shape carries the state (tick, filled dot, empty circle), not the colour alone.
  if (props.state === 'done') return <CheckCircleIcon fontSize="small" color="primary" aria-hidden />;
  if (props.state === 'current') return <RadioButtonCheckedIcon fontSize="small" color="primary" aria-hidden />;
  return <RadioButtonUncheckedIcon fontSize="small" color="disabled" aria-hidden />;
}

/** Where a rotation stands: its steps as a list (done, current, to do), next step and last error. */
export function RotationProgress(props: { rotation: KeyRotationView }) {
  const { rotation } = props;
  const steps = ROTATION_STEPS[rotation.mode];
  const reached = steps.indexOf(rotation.phase);
  const ended = !steps.includes(rotation.phase);
  const stateOf = (index: number): StepState => {
    if (rotation.phase === 'retired' || index < reached) return 'done';
    return index === reached ? 'current' : 'todo';
  };
  return (
    <Box data-testid="rotation-progress">
      <Typography variant="body2">
        {rotation.open ? 'Rotation in progress' : 'Last rotation'} (
        {rotation.mode === 'manual' ? 'you upload the keys' : "Backstage registers the keys through Digdir's API"})
      </Typography>
      <Box component="ol" display="flex" flexWrap="wrap" p={0} m={0} my={1} style={{ listStyle: 'none', gap: 12 }}>
        {steps.map((step, index) => {
          const state = stateOf(index);
          return (
            <Box
              component="li"
              key={step}
              display="flex"
              alignItems="center"
              style={{ gap: 4 }}
              aria-current={state === 'current' ? 'step' : undefined}
              data-state={state}
            >
              <StepIcon state={state} />
              <Typography variant="body2" component="span" style={{ fontWeight: state === 'current' ? 700 : undefined }}>
                {PHASE_LABELS[step]}
              </Typography>
              <Typography variant="caption" component="span" color="textSecondary">
                ({STEP_STATE_WORDS[state]})
              </Typography>
            </Box>
          );
        })}
        {ended && (
          <Box component="li" display="flex" alignItems="center" style={{ gap: 4 }} aria-current="step">
            <ErrorIcon fontSize="small" color="error" aria-hidden />
            <Typography variant="body2" component="span" style={{ fontWeight: 700 }}>
              {PHASE_LABELS[rotation.phase]}
            </Typography>
          </Box>
        )}
      </Box>
      <Typography variant="body2" color="textSecondary" data-testid="rotation-next-step">
        {rotation.nextStep}
      </Typography>
      {rotation.open && rotation.phase === 'verified' && rotation.retireAfter && rotation.mode === 'self-service' && (
        <Typography variant="caption" color="textSecondary" component="p">
          Old keys leave the registered set after {formatAbsolute(rotation.retireAfter)}.
        </Typography>
      )}
      {rotation.open && rotation.lastError && (
        <Box mt={1}>
          <Alert severity="warning" data-testid="rotation-last-error">
            {rotation.lastError}
            {rotation.attempts > 1 ? ` (${plural(rotation.attempts, 'attempt')})` : ''}
          </Alert>
        </Box>
      )}
    </Box>
  );
}
