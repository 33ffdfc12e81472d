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
import { maskinportenApiRef, type GraviteeFormat, type GraviteeSecretMode } from '../../api';
import { errorMessage } from '../../lib/errors';
import { saveJson } from '../../lib/saveJson';

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

const FORMATS: Option<GraviteeFormat>[] = [
  {
    value: 'v2',
    label: 'APIM 4.x, v2 API',
    help: 'Imports into Gravitee APIM 4.x as a v2 API definition.',
  },
  {
    value: 'v4',
    label: 'V4 proxy API',
    help: 'A definitionVersion V4 proxy API in the import wrapper.',
  },
];

const SECRET_MODES: Option<GraviteeSecretMode>[] = [
  {
    value: 'placeholder',
    label: 'Placeholder',
    help: 'The key field holds a placeholder that says where the key must come from; fill it in before use.',
  },
  {
    value: 'inline',
    label: 'Inline private key',
    help: 'The private key itself is written into the file. The export is audited.',
  },
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
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<GraviteeFormat>('v2');
  const [secrets, setSecrets] = useState<GraviteeSecretMode>('placeholder');
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string>();

  const modes = SECRET_MODES.filter(mode => mode.value !== 'inline' || canExportSecrets);
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
        Download Gravitee definition
      </Button>
      <Dialog open={open} onClose={close} maxWidth="sm" fullWidth aria-labelledby="gravitee-download-title">
        <DialogTitle id="gravitee-download-title">Download Gravitee definition</DialogTitle>
        <DialogContent>
          <Typography variant="body2" paragraph>
            A token service for the {integration.environment} client
            {integration.clientId ? ` ${integration.clientId}` : ''}, ready to import into Gravitee.
          </Typography>
          <Box mb={2}>
            <OptionGroup
              legend="Format"
              name="gravitee-format"
              options={FORMATS}
              value={format}
              onChange={setFormat}
            />
          </Box>
          <OptionGroup
            legend="Private key"
            name="gravitee-secrets"
            options={modes}
            value={effectiveSecrets}
            onChange={setSecrets}
          />
          {effectiveSecrets === 'inline' && (
            <Box mt={2}>
              <Alert severity="warning">
                The downloaded file will contain the private key. Treat it as a secret: do not
                commit it or share it, and delete it once imported.
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
            Cancel
          </Button>
          <Button color="primary" variant="contained" onClick={download} disabled={working}>
            Download
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
