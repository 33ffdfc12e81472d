import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { CodeSnippet, CopyTextButton, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  maskinportenKeyCreatePermission,
  type KeyRotationPhase,
  type KeyRotationView,
  type MaskinportenIntegrationView,
  type TokenTestResult,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import { errorMessage } from '../../lib/errors';
import { formatAbsolute } from '../../lib/time';
import { TokenTestResultView } from '../TokenTestResult';
import { KeyWindowChips } from './KeyWindowChips';

/** While the backend moves these along by itself, the card re-reads now and then. */
const AUTOMATIC_PHASES: KeyRotationPhase[] = ['started', 'generated', 'registered'];
const CANCELLABLE_PHASES: KeyRotationPhase[] = ['started', 'generated', 'registered', 'awaiting-upload'];
const POLL_MS = 15_000;

const STEPS: Record<KeyRotationView['mode'], KeyRotationPhase[]> = {
  'self-service': ['generated', 'registered', 'verified', 'retired'],
  manual: ['generated', 'awaiting-upload', 'verified', 'retired'],
};

type Action = 'start' | 'advance' | 'retire' | 'uploaded' | 'cancel';

/**
 * Key rotation on the card: the window (next / active / retiring), the rotation's progress,
 * and for owners the actions. Without Digdir's self-service API for the environment the
 * backend guides a manual upload: this shows the JWK array and asks for confirmation.
 */
export function KeyRotationSection(props: {
  integration: MaskinportenIntegrationView;
  onChanged: () => void;
}) {
  const { integration, onChanged } = props;
  const api = useApi(maskinportenApiRef);
  const { allowed: canRotate } = usePermission({
    permission: maskinportenKeyCreatePermission,
    resourceRef: integration.entityRef,
  });
  const [busy, setBusy] = useState<Action | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [verification, setVerification] = useState<TokenTestResult | undefined>();
  const rotation = integration.rotation;
  const open = rotation?.open === true;
  const automatic = open && rotation!.mode === 'self-service' && AUTOMATIC_PHASES.includes(rotation!.phase);

  useEffect(() => {
    if (!automatic) return undefined;
    const timer = setInterval(onChanged, POLL_MS);
    return () => clearInterval(timer);
  }, [automatic, onChanged]);

  const run = async (action: Action, step: () => Promise<{ verification?: TokenTestResult }>) => {
    setBusy(action);
    setFailure(undefined);
    try {
      const result = await step();
      setVerification(result.verification);
      onChanged();
    } catch (error) {
      setFailure(errorMessage(error));
      // A 503 leaves the rotation where it was, with the error recorded: show that too.
      onChanged();
    } finally {
      setBusy(undefined);
    }
  };

  const ref = integration.entityRef;
  return (
    <Box data-testid="key-rotation">
      <KeyWindowChips window={integration.window} />
      {rotation && <RotationProgress rotation={rotation} />}
      {open && rotation!.jwks && <JwkUpload rotation={rotation!} />}
      {verification && (
        <Box mt={1} data-testid="rotation-verification">
          <Typography variant="subtitle2">Token test with the new key</Typography>
          <TokenTestResultView result={verification} />
        </Box>
      )}
      {failure && (
        <Box mt={1}>
          <WarningPanel severity="error" title="The rotation step did not complete" message={failure} />
        </Box>
      )}
      {canRotate && (
        <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} mt={1}>
          {!open && integration.clientId && (
            <Button
              variant="outlined"
              color="primary"
              size="small"
              disabled={busy !== undefined}
              onClick={() => run('start', () => api.startRotation(ref))}
            >
              Rotate key
            </Button>
          )}
          {open && rotation!.mode === 'manual' && rotation!.jwks && (
            <Button
              variant="contained"
              color="primary"
              size="small"
              disabled={busy !== undefined}
              onClick={() => run('uploaded', () => api.confirmRotationUpload(ref, rotation!.id))}
            >
              I have uploaded it
            </Button>
          )}
          {automatic && (
            <Button
              variant="outlined"
              size="small"
              disabled={busy !== undefined}
              onClick={() => run('advance', () => api.advanceRotation(ref, rotation!.id))}
            >
              Retry now
            </Button>
          )}
          {open && rotation!.mode === 'self-service' && rotation!.phase === 'verified' && (
            <Button
              variant="outlined"
              size="small"
              disabled={busy !== undefined}
              onClick={() => run('retire', () => api.advanceRotation(ref, rotation!.id, { retireNow: true }))}
            >
              Retire old keys now
            </Button>
          )}
          {open && CANCELLABLE_PHASES.includes(rotation!.phase) && (
            <Button
              size="small"
              disabled={busy !== undefined}
              onClick={() => run('cancel', () => api.cancelRotation(ref, rotation!.id))}
            >
              Cancel rotation
            </Button>
          )}
        </Box>
      )}
    </Box>
  );
}

function RotationProgress(props: { rotation: KeyRotationView }) {
  const { rotation } = props;
  const steps = STEPS[rotation.mode];
  const reached = steps.indexOf(rotation.phase);
  return (
    <Box mt={1} data-testid="rotation-progress">
      <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 4 }}>
        <Typography variant="body2" component="span">
          {rotation.open ? 'Rotation in progress' : 'Last rotation'} ({rotation.mode === 'manual' ? 'manual upload' : 'via Digdir API'}):
        </Typography>
        {steps.map((step, index) => (
          <Chip
            key={step}
            size="small"
            label={step}
            color={step === rotation.phase ? 'primary' : 'default'}
            variant={index <= reached ? 'default' : 'outlined'}
            aria-current={step === rotation.phase ? 'step' : undefined}
          />
        ))}
        {!steps.includes(rotation.phase) && <Chip size="small" label={rotation.phase} color="secondary" />}
      </Box>
      <Typography variant="body2" color="textSecondary" data-testid="rotation-next-step">
        {rotation.nextStep}
      </Typography>
      {rotation.open && rotation.phase === 'verified' && rotation.retireAfter && rotation.mode === 'self-service' && (
        <Typography variant="caption" color="textSecondary">
          Old keys leave the registered set after {formatAbsolute(rotation.retireAfter)}.
        </Typography>
      )}
      {rotation.open && rotation.lastError && (
        <Typography variant="body2" color="error" data-testid="rotation-last-error">
          {rotation.lastError}
          {rotation.attempts > 1 ? ` (${rotation.attempts} attempts)` : ''}
        </Typography>
      )}
    </Box>
  );
}

function JwkUpload(props: { rotation: KeyRotationView }) {
  const text = JSON.stringify(props.rotation.jwks, null, 2);
  const final = props.rotation.phase === 'verified';
  return (
    <Box mt={1} data-testid="rotation-jwks">
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <strong>
          {final ? 'Final' : 'New'} JWK array for Samarbeidsportalen ({props.rotation.jwks!.length} keys)
        </strong>
        <CopyTextButton text={text} aria-label="Copy rotation JWK array" tooltipText="JWK array copied" />
      </Box>
      <CodeSnippet language="json" text={text} showCopyCodeButton={false} />
      <Typography variant="body2">
        Paste the whole array as the client's keys in Samarbeidsportalen ({props.rotation.environment}):
        it replaces what is there.
      </Typography>
    </Box>
  );
}
