import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type { GatewayCandidate, MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import { errorMessage } from '../../lib/errors';
import { useT } from '../../translation';
import { KidSelect, usableKids } from './KidSelect';

/**
 * "Link existing token service": the owner names a gateway and an API id, the backend reads
 * it through the management API and shows its Generate JWT step, and the owner links it by
 * the kid they were shown (the backend refuses when it signs with another by then).
 */
export function AdoptGatewayDialog(props: {
  integration: MaskinportenIntegrationView;
  open: boolean;
  onClose: () => void;
  onLinked: () => void;
}) {
  const { integration, open, onClose, onLinked } = props;
  const api = useApi(maskinportenApiRef);
  const t = useT();
  const targets = useAsync(
    async () => (open ? (await api.listGatewayDeployments(integration.entityRef)).targets : []),
    [api, open, integration.entityRef],
  );
  const [target, setTarget] = useState('');
  const [apiId, setApiId] = useState('');
  const [candidate, setCandidate] = useState<GatewayCandidate>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const chosen = target || targets.value?.[0]?.id || '';

  const attempt = async (step: () => Promise<void>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await step();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  const lookUp = () =>
    attempt(async () => {
      setCandidate(undefined);
      setCandidate(await api.getGatewayCandidate(integration.entityRef, { target: chosen, apiId: apiId.trim() }));
    });
  const link = () =>
    attempt(async () => {
      await api.linkGatewayDeployment(integration.entityRef, { target: chosen, apiId: apiId.trim(), kid: candidate!.kid! });
      setCandidate(undefined);
      setApiId('');
      onLinked();
      onClose();
    });

  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="adopt-gateway-title" data-testid="adopt-gateway">
      <DialogTitle id="adopt-gateway-title">{t('gateways.adoptDialog.title')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          {t('gateways.adoptDialog.intro')}
        </Typography>
        {targets.value && targets.value.length === 0 && (
          <Alert severity="info">{t('gateways.adoptDialog.noTargets')}</Alert>
        )}
        {targets.value && targets.value.length > 0 && (
          <>
            <TextField
              id="adopt-gateway-target"
              select
              fullWidth
              margin="dense"
              variant="outlined"
              label={t('gateways.adoptDialog.target')}
              value={chosen}
              onChange={event => setTarget(event.target.value as string)}
            >
              {targets.value.map(item => (
                <MenuItem key={item.id} value={item.id}>
                  {item.title}
                </MenuItem>
              ))}
            </TextField>
            <Box display="flex" alignItems="center" style={{ gap: 8 }}>
              <TextField
                id="adopt-gateway-api-id"
                fullWidth
                margin="dense"
                variant="outlined"
                label={t('gateways.adoptDialog.apiId')}
                value={apiId}
                onChange={event => setApiId(event.target.value)}
                inputProps={{ 'data-testid': 'adopt-api-id' }}
              />
              <Button variant="outlined" disabled={busy || !apiId.trim() || !chosen} onClick={lookUp}>
                {t('gateways.adoptDialog.lookUp')}
              </Button>
            </Box>
          </>
        )}
        {candidate && <CandidateView candidate={candidate} />}
        {failure && (
          <Box mt={1}>
            <Alert severity="error">{t('gateways.failed', { error: failure })}</Alert>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || !candidate?.linkable || !candidate.kid}
          onClick={link}
        >
          {candidate?.kid ? t('gateways.adoptDialog.linkAction', { kid: candidate.kid }) : t('gateways.link')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function CandidateView(props: { candidate: GatewayCandidate }) {
  const { candidate: c } = props;
  const t = useT();
  return (
    <Box mt={2} data-testid="gateway-candidate">
      <Typography variant="body2" style={{ fontWeight: 600 }}>
        {t('gateways.adoptDialog.found', {
          name: c.name ?? c.apiId,
          version: [c.definitionVersion, c.gatewayVersion].filter(Boolean).join(', APIM '),
          path: c.contextPath ?? '',
        })}
      </Typography>
      {c.signers.map((signer, index) => (
        <Typography key={index} variant="body2" component="p" style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
          {t('gateways.adoptDialog.signer', {
            kid: signer.kid ?? '?',
            issuer: signer.issuer ?? '?',
            audiences: (signer.audiences ?? []).join(', '),
          })}
        </Typography>
      ))}
      {c.keyState && c.keyState !== 'unknown' && c.keyState !== 'external' && (
        <Typography variant="body2">
          {t('gateways.adoptDialog.keyState', { state: t(`common.keyStates.${c.keyState}.label`) })}
        </Typography>
      )}
      {c.problems.length > 0 && (
        <Alert severity="warning" style={{ marginTop: 8 }}>
          {t('gateways.adoptDialog.cannotLink')}
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {c.problems.map(problem => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </Alert>
      )}
    </Box>
  );
}

/** "Add gateway kept by hand": a deployment Backstage cannot reach, named by its owner. */
export function ManualGatewayDialog(props: {
  integration: MaskinportenIntegrationView;
  open: boolean;
  onClose: () => void;
  onLinked: () => void;
}) {
  const { integration, open, onClose, onLinked } = props;
  const api = useApi(maskinportenApiRef);
  const t = useT();
  const [label, setLabel] = useState('');
  const [contextPath, setContextPath] = useState('');
  const [kid, setKid] = useState(integration.activeKid ?? '');
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const add = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await api.linkGatewayDeployment(integration.entityRef, {
        target: 'manual',
        apiId: label.trim(),
        kid,
        contextPath: contextPath.trim() || undefined,
      });
      setLabel('');
      setContextPath('');
      onLinked();
      onClose();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="manual-gateway-title" data-testid="manual-gateway">
      <DialogTitle id="manual-gateway-title">{t('gateways.manualDialog.title')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          {t('gateways.manualDialog.intro')}
        </Typography>
        <TextField
          id="manual-gateway-label"
          fullWidth
          margin="dense"
          variant="outlined"
          label={t('gateways.manualDialog.label')}
          value={label}
          onChange={event => setLabel(event.target.value)}
        />
        <TextField
          id="manual-gateway-context-path"
          fullWidth
          margin="dense"
          variant="outlined"
          label={t('gateways.manualDialog.contextPath')}
          value={contextPath}
          onChange={event => setContextPath(event.target.value)}
        />
        <KidSelect id="manual-gateway-kid" label={t('gateways.manualDialog.kid')} kids={usableKids(integration)} value={kid} onChange={setKid} />
        {failure && (
          <Box mt={1}>
            <Alert severity="error">{t('gateways.failed', { error: failure })}</Alert>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button color="primary" variant="contained" disabled={busy || !label.trim() || !kid} onClick={add}>
          {t('gateways.manualDialog.add')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
