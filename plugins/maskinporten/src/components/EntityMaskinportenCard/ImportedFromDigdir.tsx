import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import DialogContentText from '@material-ui/core/DialogContentText';
import Tooltip from '@material-ui/core/Tooltip';
import CloudDownloadIcon from '@material-ui/icons/CloudDownloadOutlined';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import { errorMessage } from '../../lib/errors';
import { useT } from '../../translation';
import { ConfirmDialog } from '../KeyRotation/ConfirmDialog';

/** "Imported from Digdir" and, until an ownership rule assigns it, "Unclaimed", for the summary row. */
export function ImportedChips(props: { integration: MaskinportenIntegrationView }) {
  const { imported } = props.integration;
  const t = useT();
  if (!imported) return null;
  return (
    <>
      <Tooltip title={t('card.imported.importedHelp')}>
        <Chip
          size="small"
          variant="outlined"
          icon={<CloudDownloadIcon />}
          label={t('card.imported.imported')}
          data-testid="imported-from-digdir"
        />
      </Tooltip>
      {imported.unclaimed && (
        <Tooltip title={t('card.imported.unclaimedHelp')}>
          <Chip size="small" variant="outlined" color="secondary" label={t('card.imported.unclaimed')} data-testid="unclaimed" />
        </Tooltip>
      )}
      {imported.adopted && <Chip size="small" variant="outlined" label={t('card.imported.adopted')} />}
    </>
  );
}

/**
 * A client imported from Digdir whose keys are not managed here yet: the backend refuses key
 * changes and token tests until it is adopted, so the card offers none.
 */
export function awaitsAdoption(integration: MaskinportenIntegrationView): boolean {
  return Boolean(integration.imported && !integration.imported.adopted);
}

/** An owner may adopt a client imported from Digdir once it is claimed and not yet adopted. */
export function canAdopt(integration: MaskinportenIntegrationView): boolean {
  return Boolean(integration.imported && !integration.imported.adopted && !integration.imported.unclaimed);
}

/**
 * "Adopt": from now on the client's keys are managed here. Confirmed first, saying that the
 * keys Digdir already has stay registered until a rotation replaces them.
 */
export function AdoptAction(props: { integration: MaskinportenIntegrationView; onAdopted: () => void }) {
  const { integration, onAdopted } = props;
  const api = useApi(maskinportenApiRef);
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const [working, setWorking] = useState(false);
  const [failure, setFailure] = useState<string>();

  const adopt = async () => {
    setConfirming(false);
    setWorking(true);
    setFailure(undefined);
    try {
      await api.adoptIntegration(integration.entityRef);
      onAdopted();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setWorking(false);
    }
  };

  return (
    <>
      <Button variant="contained" color="primary" size="small" disabled={working} onClick={() => setConfirming(true)}>
        {t('card.imported.adopt')}
      </Button>
      {failure && (
        <Box width="100%">
          <Alert severity="error" data-testid="adopt-failed">
            {t('card.imported.adoptFailed')}: {failure}
          </Alert>
        </Box>
      )}
      <ConfirmDialog
        id="confirm-adopt"
        open={confirming}
        title={t('card.imported.adoptTitle', { title: integration.title ?? integration.entityRef })}
        confirmLabel={t('card.imported.adopt')}
        onCancel={() => setConfirming(false)}
        onConfirm={adopt}
      >
        <DialogContentText>
          {t('card.imported.adoptIntro', {
            clientId: integration.clientId ?? '',
            environment: integration.environment,
          })}
        </DialogContentText>
        <DialogContentText>{t('card.imported.adoptExisting')}</DialogContentText>
      </ConfirmDialog>
    </>
  );
}
