import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import type { GraviteeFormat, GraviteeSecretMode } from '@maskinporten-backstage/plugin-maskinporten-common';
import { errorMessage } from '../../lib/errors';
import { saveJson } from '../../lib/saveJson';
import { useT, type Translate } from '../../translation';

interface Option<T extends string> {
  value: T;
  label: string;
  help: string;
}

/** A labelled radio group whose every choice explains itself underneath. */
function OptionGroup<T extends string>(props: {
  legend: string;
  name: string;
  options: Option<T>[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <FormControl component="fieldset">
      <FormLabel component="legend">{props.legend}</FormLabel>
      <RadioGroup
        name={props.name}
        value={props.value}
        onChange={event => props.onChange(event.target.value as T)}
      >
        {props.options.map(option => (
          <Box key={option.value}>
            <FormControlLabel value={option.value} control={<Radio color="primary" />} label={option.label} />
            <Typography variant="caption" color="textSecondary" component="div" style={{ marginLeft: 32 }}>
              {option.help}
            </Typography>
          </Box>
        ))}
      </RadioGroup>
    </FormControl>
  );
}

const formats = (t: Translate): Option<GraviteeFormat>[] => [
  { value: 'v2', label: t('gravitee.download.v2'), help: t('gravitee.download.v2Help') },
  { value: 'v4', label: t('gravitee.download.v4'), help: t('gravitee.download.v4Help') },
];

const secretModes = (t: Translate): Option<GraviteeSecretMode>[] => [
  { value: 'placeholder', label: t('gravitee.download.placeholder'), help: t('gravitee.download.placeholderHelp') },
  { value: 'inline', label: t('gravitee.download.inline'), help: t('gravitee.download.inlineHelp') },
];

/**
 * Downloads the integration's token-service definition for Gravitee. Anyone who can see the
 * card may download it with a placeholder; embedding the private key needs the export
 * permission (`canExportSecrets`). There is no secret-reference option: Gravitee's Generate
 * JWT policy never resolves one.
 */
export function GraviteeDownloadButton(props: {
  integration: MaskinportenIntegrationView;
  canExportSecrets: boolean;
}) {
  const { integration, canExportSecrets } = props;
  const api = useApi(maskinportenApiRef);
  const t = useT();
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<GraviteeFormat>('v2');
  const [secrets, setSecrets] = useState<GraviteeSecretMode>('placeholder');
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string>();

  const modes = secretModes(t).filter(mode => mode.value !== 'inline' || canExportSecrets);
  // The permission may be withdrawn (or still loading) after inline was picked.
  const effectiveSecrets = modes.some(mode => mode.value === secrets) ? secrets : 'placeholder';

  const close = () => {
    if (working) return;
    setOpen(false);
    setError(undefined);
  };

  const download = async () => {
    setWorking(true);
    setError(undefined);
    try {
      const { definition, filename } = await api.getGraviteeDefinition(integration.entityRef, {
        format,
        secrets: effectiveSecrets,
      });
      saveJson(filename, definition);
      setOpen(false);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setWorking(false);
    }
  };

  return (
    <>
      <Button variant="outlined" size="small" onClick={() => setOpen(true)}>
        {t('gravitee.download.button')}
      </Button>
      <Dialog open={open} onClose={close} maxWidth="sm" fullWidth aria-labelledby="gravitee-download-title">
        <DialogTitle id="gravitee-download-title">{t('gravitee.download.title')}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" paragraph>
            {integration.clientId
              ? t('gravitee.download.intro', { environment: integration.environment, clientId: integration.clientId })
              : t('gravitee.download.introNoClient', { environment: integration.environment })}
          </Typography>
          <Box mb={2}>
            <OptionGroup
              legend={t('gravitee.download.format')}
              name="gravitee-format"
              options={formats(t)}
              value={format}
              onChange={setFormat}
            />
          </Box>
          <OptionGroup
            legend={t('gravitee.download.privateKey')}
            name="gravitee-secrets"
            options={modes}
            value={effectiveSecrets}
            onChange={setSecrets}
          />
          {effectiveSecrets === 'inline' && (
            <Box mt={2}>
              <Alert severity="warning">
                {t('gravitee.download.inlineWarning')}
              </Alert>
            </Box>
          )}
          {working && <Progress />}
          {error && (
            <Box mt={2}>
              <Alert severity="error">{error}</Alert>
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={close} disabled={working}>
            {t('common.cancel')}
          </Button>
          <Button color="primary" variant="contained" onClick={download} disabled={working}>
            {t('gravitee.download.action')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
