import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import DialogContentText from '@material-ui/core/DialogContentText';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import type { KeyRotationView, RotationGatewayProgress } from '@maskinporten-backstage/plugin-maskinporten-common';
import { useT } from '../../translation';
import { useDeploymentName } from '../GatewayDeployments';

/**
 * "Retire anyway": the old keys go although linked gateways still sign with them. The dialog
 * names each of those gateways, the owner must say they understand, and the request names
 * them too (the backend refuses a list that is not exactly them). Audited with the reason.
 */
export function ForceRetireDialog(props: {
  open: boolean;
  title: string;
  rotation: KeyRotationView;
  onCancel: () => void;
  onConfirm: (request: { breaking: string[]; reason?: string }) => void;
}) {
  const { open, title, rotation, onCancel, onConfirm } = props;
  const t = useT();
  const nameOf = useDeploymentName();
  const [understood, setUnderstood] = useState(false);
  const [reason, setReason] = useState('');
  const breaking: RotationGatewayProgress[] = (rotation.gateways ?? []).filter(g =>
    (rotation.blockingDeployments ?? []).includes(g.deploymentId),
  );
  const close = () => {
    setUnderstood(false);
    onCancel();
  };
  return (
    <Dialog open={open} onClose={close} maxWidth="sm" fullWidth aria-labelledby="force-retire-title" data-testid="force-retire">
      <DialogTitle id="force-retire-title">{t('rotation.forceTitle', { title })}</DialogTitle>
      <DialogContent>
        <DialogContentText>{t('rotation.forceText')}</DialogContentText>
        <Box component="ul" mt={0} data-testid="force-retire-breaking">
          {breaking.map(g => (
            <li key={g.deploymentId}>
              {nameOf({ targetTitle: g.targetTitle, name: g.name, apiId: g.apiId, id: g.deploymentId })}
              {g.kid ? ` (${g.kid})` : ''}
            </li>
          ))}
        </Box>
        <TextField
          id="force-retire-reason"
          fullWidth
          margin="dense"
          variant="outlined"
          label={t('rotation.forceReason')}
          value={reason}
          onChange={event => setReason(event.target.value)}
        />
        <FormControlLabel
          control={<Checkbox checked={understood} onChange={event => setUnderstood(event.target.checked)} color="primary" />}
          label={t('rotation.forceAcknowledge')}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{t('common.cancel')}</Button>
        <Button
          color="secondary"
          variant="contained"
          disabled={!understood}
          onClick={() => {
            setUnderstood(false);
            onConfirm({ breaking: breaking.map(g => g.deploymentId), reason: reason.trim() || undefined });
          }}
        >
          {t('rotation.forceAction')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
