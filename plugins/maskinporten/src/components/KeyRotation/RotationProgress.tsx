import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import RadioButtonCheckedIcon from '@material-ui/icons/RadioButtonChecked';
import RadioButtonUncheckedIcon from '@material-ui/icons/RadioButtonUnchecked';
import ErrorIcon from '@material-ui/icons/Error';
import Alert from '@material-ui/lab/Alert';
import type { KeyRotationPhase, KeyRotationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { useT, useTimeFormat } from '../../translation';
import { useDeploymentName } from '../GatewayDeployments';
import { describeNextStep } from './nextStep';
import { ROTATION_STEPS } from './phases';

type StepState = 'done' | 'current' | 'todo';

function StepIcon(props: { state: StepState }) {
  // The shape carries the state (tick, filled dot, empty circle), not the colour alone.
  if (props.state === 'done') return <CheckCircleIcon fontSize="small" color="primary" aria-hidden />;
  if (props.state === 'current') return <RadioButtonCheckedIcon fontSize="small" color="primary" aria-hidden />;
  return <RadioButtonUncheckedIcon fontSize="small" color="disabled" aria-hidden />;
}

/** Where a rotation stands: its steps as a list (done, current, to do), next step and last error. */
export function RotationProgress(props: { rotation: KeyRotationView }) {
  const { rotation } = props;
  const t = useT();
  const time = useTimeFormat();
  // The gateway step shows only for a rotation that has (or had) gateways to carry.
  const withGateways = rotation.phase === 'gateways' || (rotation.gateways?.length ?? 0) > 0;
  const steps: KeyRotationPhase[] = withGateways
    ? [...ROTATION_STEPS[rotation.mode].slice(0, -1), 'gateways', 'retired']
    : ROTATION_STEPS[rotation.mode];
  const reached = steps.indexOf(rotation.phase);
  const ended = !steps.includes(rotation.phase);
  const stateOf = (index: number): StepState => {
    if (rotation.phase === 'retired' || index < reached) return 'done';
    return index === reached ? 'current' : 'todo';
  };
  return (
    <Box data-testid="rotation-progress">
      <Typography variant="body2">
        {rotation.open ? t('rotation.inProgress') : t('rotation.last')} (
        {rotation.mode === 'manual' ? t('rotation.modeManual') : t('rotation.modeSelfService')})
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
                {t(`rotation.phases.${step}`)}
              </Typography>
              <Typography variant="caption" component="span" color="textSecondary">
                ({t(`rotation.stepStates.${state}`)})
              </Typography>
            </Box>
          );
        })}
        {ended && (
          <Box component="li" display="flex" alignItems="center" style={{ gap: 4 }} aria-current="step">
            <ErrorIcon fontSize="small" color="error" aria-hidden />
            <Typography variant="body2" component="span" style={{ fontWeight: 700 }}>
              {t(`rotation.phases.${rotation.phase}`)}
            </Typography>
          </Box>
        )}
      </Box>
      <Typography variant="body2" color="textSecondary" data-testid="rotation-next-step">
        {describeNextStep(t, rotation)}
      </Typography>
      {rotation.open && rotation.gateways && <RotationGateways rotation={rotation} />}
      {rotation.forcedBy && (
        <Typography variant="body2" color="error" data-testid="rotation-forced">
          {t('rotation.forcedBy', { who: rotation.forcedBy })}
        </Typography>
      )}
      {rotation.open && (rotation.phase === 'verified' || rotation.phase === 'gateways') && rotation.retireAfter && rotation.mode === 'self-service' && (
        <Typography variant="caption" color="textSecondary" component="p">
          {t('rotation.retireAfter', { date: time.absolute(rotation.retireAfter) })}
        </Typography>
      )}
      {rotation.open && rotation.lastError && (
        <Box mt={1}>
          <Alert severity="warning" data-testid="rotation-last-error">
            {rotation.lastError}
            {rotation.attempts > 1 ? ` (${t('rotation.attempts', { count: rotation.attempts })})` : ''}
          </Alert>
        </Box>
      )}
    </Box>
  );
}

/** Each linked gateway's progress in the rotation: redeployed, tested through, or waiting. */
function RotationGateways(props: { rotation: KeyRotationView }) {
  const t = useT();
  const nameOf = useDeploymentName();
  return (
    <Box mt={1} data-testid="rotation-gateways">
      <Typography variant="subtitle2" component="h5">
        {t('rotation.gatewaysTitle')}
      </Typography>
      <Box component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {props.rotation.gateways!.map(g => {
          const done = g.state === 'verified' || g.state === 'confirmed';
          return (
            <Box component="li" key={g.deploymentId} display="flex" alignItems="center" style={{ gap: 4 }} data-state={g.state}>
              {done ? <CheckCircleIcon fontSize="small" color="primary" aria-hidden /> : <RadioButtonUncheckedIcon fontSize="small" color={g.state === 'failed' ? 'error' : 'disabled'} aria-hidden />}
              <Typography variant="body2" component="span">
                {nameOf({ targetTitle: g.targetTitle, name: g.name, apiId: g.apiId, id: g.deploymentId })}:{' '}
                {t(`rotation.gatewayStates.${g.state}`)}
              </Typography>
            </Box>
          );
        })}
      </Box>
    </Box>
  );
}
