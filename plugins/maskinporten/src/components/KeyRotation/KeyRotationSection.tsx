import { useEffect, useRef, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useSignal } from '@backstage/plugin-signals-react';
import type {
  KeyRotationView,
  MaskinportenIntegrationView,
  TokenTestResult,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import { errorMessage } from '../../lib/errors';
import { integrationChannel } from '../../lib/signals';
import { useT } from '../../translation';
import { JwkArray } from '../KeySet';
import { TokenTestResultView } from '../TokenTestResult';
import { ConfirmDialog } from './ConfirmDialog';
import { ForceRetireDialog } from './ForceRetire';
import { AUTOMATIC_PHASES, CANCELLABLE_PHASES } from './phases';
import { RetireConfirmation, RotateConfirmation } from './RotationConfirmations';
import { RotationProgress } from './RotationProgress';

const POLL_MS = 15_000;

type Action = 'start' | 'advance' | 'retire' | 'force' | 'uploaded' | 'cancel';

function JwkUpload(props: { rotation: KeyRotationView }) {
  const t = useT();
  const final = props.rotation.phase !== 'awaiting-upload';
  return (
    <Box mt={1}>
      <JwkArray
        jwks={props.rotation.jwks!}
        title={final ? t('rotation.finalJwks') : t('rotation.newJwks')}
        testId="rotation-jwks"
        headingComponent="h5"
      />
      <Typography variant="body2">
        {t('rotation.pasteWhole', { environment: props.rotation.environment })}
      </Typography>
    </Box>
  );
}

/**
 * Key rotation on the card: the rotation's progress and, for owners, the actions. Rotating
 * with no key yet creates the first one. Without Digdir's self-service API for the
 * environment the backend guides a manual upload: this shows the JWK array and asks for
 * confirmation. Steps that change Digdir's registered keys are confirmed first.
 */
export function KeyRotationSection(props: {
  integration: MaskinportenIntegrationView;
  canRotate: boolean;
  onChanged: () => void;
}) {
  const { integration, canRotate, onChanged } = props;
  const api = useApi(maskinportenApiRef);
  const t = useT();
  const [busy, setBusy] = useState<Action | undefined>();
  const [confirming, setConfirming] = useState<'start' | 'retire' | 'force' | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [verification, setVerification] = useState<TokenTestResult | undefined>();
  const rotation = integration.rotation;
  const open = rotation?.open === true;
  const blocking = open ? rotation!.blockingDeployments ?? [] : [];
  // Gateways the backend redeploys itself are carried on every run: keep reading while they are.
  const carrying =
    open && rotation!.phase === 'gateways' && (rotation!.gateways ?? []).some(g => blocking.includes(g.deploymentId) && g.managed);
  const automatic = (open && rotation!.mode === 'self-service' && AUTOMATIC_PHASES.includes(rotation!.phase)) || carrying;
  const verified = open && (rotation!.phase === 'verified' || rotation!.phase === 'gateways');
  // The backend may publish rotation progress as a signal; polling stays as the fallback.
  const { lastSignal, isSignalsAvailable } = useSignal(integrationChannel(integration.entityRef));

  // onChanged (a retry) changes identity with every load; only a new signal should re-read.
  const onChangedRef = useRef(onChanged);
  onChangedRef.current = onChanged;
  useEffect(() => {
    if (lastSignal) onChangedRef.current();
  }, [lastSignal]);

  useEffect(() => {
    if (!automatic) return undefined;
    const timer = setInterval(onChanged, isSignalsAvailable ? POLL_MS * 4 : POLL_MS);
    return () => clearInterval(timer);
  }, [automatic, onChanged, isSignalsAvailable]);

  const run = async (action: Action, step: () => Promise<{ verification?: TokenTestResult }>) => {
    setConfirming(undefined);
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
  const firstKey = integration.keys.every(key => key.state === 'revoked' || key.state === 'expired');
  const rotateLabel = firstKey ? t('rotation.createKey') : t('rotation.rotateKey');
  const title = integration.title ?? ref;
  return (
    <Box data-testid="key-rotation">
      {rotation ? (
        <RotationProgress rotation={rotation} />
      ) : (
        <Typography variant="body2" color="textSecondary">
          {t('rotation.none')}
        </Typography>
      )}
      {open && rotation!.jwks && <JwkUpload rotation={rotation!} />}
      {verification && (
        <Box mt={1} data-testid="rotation-verification">
          <Typography variant="subtitle2" component="h5">
            {t('rotation.verification')}
          </Typography>
          <TokenTestResultView result={verification} keys={integration.keys} />
        </Box>
      )}
      {failure && (
        <Box mt={1}>
          <WarningPanel severity="error" title={t('rotation.stepFailed')} message={failure} />
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
              onClick={() => setConfirming('start')}
            >
              {rotateLabel}
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
              {t('rotation.uploaded')}
            </Button>
          )}
          {automatic && (
            <Button
              variant="outlined"
              size="small"
              disabled={busy !== undefined}
              onClick={() => run('advance', () => api.advanceRotation(ref, rotation!.id))}
            >
              {t('rotation.retryNow')}
            </Button>
          )}
          {verified && rotation!.mode === 'self-service' && blocking.length === 0 && (
            <Button variant="outlined" size="small" disabled={busy !== undefined} onClick={() => setConfirming('retire')}>
              {t('rotation.retireNow')}
            </Button>
          )}
          {verified && blocking.length > 0 && (
            <Button size="small" color="secondary" disabled={busy !== undefined} onClick={() => setConfirming('force')}>
              {t('rotation.forceRetire')}
            </Button>
          )}
          {open && CANCELLABLE_PHASES.includes(rotation!.phase) && (
            <Button
              size="small"
              disabled={busy !== undefined}
              onClick={() => run('cancel', () => api.cancelRotation(ref, rotation!.id))}
            >
              {t('rotation.cancel')}
            </Button>
          )}
        </Box>
      )}
      <ConfirmDialog
        id="confirm-rotate"
        open={confirming === 'start'}
        title={firstKey ? t('rotation.confirmCreateTitle', { title }) : t('rotation.confirmRotateTitle', { title })}
        confirmLabel={rotateLabel}
        onCancel={() => setConfirming(undefined)}
        onConfirm={() => run('start', () => api.startRotation(ref))}
      >
        <RotateConfirmation integration={integration} />
      </ConfirmDialog>
      {rotation && (
        <ConfirmDialog
          id="confirm-retire"
          open={confirming === 'retire'}
          title={t('rotation.confirmRetireTitle', { title })}
          confirmLabel={t('rotation.retireNow')}
          onCancel={() => setConfirming(undefined)}
          onConfirm={() => run('retire', () => api.advanceRotation(ref, rotation.id, { retireNow: true }))}
        >
          <RetireConfirmation integration={integration} rotation={rotation} />
        </ConfirmDialog>
      )}
      {rotation && (
        <ForceRetireDialog
          open={confirming === 'force'}
          title={title}
          rotation={rotation}
          onCancel={() => setConfirming(undefined)}
          onConfirm={request => run('force', () => api.forceRetireRotation(ref, rotation.id, request))}
        />
      )}
    </Box>
  );
}
