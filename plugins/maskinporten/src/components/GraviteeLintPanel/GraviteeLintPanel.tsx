import { ChangeEvent, useState } from 'react';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import Alert from '@material-ui/lab/Alert';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { maskinportenApiRef } from '../../api';
import type { GraviteeLintFinding, GraviteeLintResult, GraviteeLintSeverity } from '@maskinporten-backstage/plugin-maskinporten-common';
import { errorMessage } from '../../lib/errors';
import { useT } from '../../translation';

const SEVERITY_ORDER: Record<GraviteeLintSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then info; the server's order within each. */
export function sortFindings(findings: GraviteeLintFinding[]): GraviteeLintFinding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        (SEVERITY_ORDER[a.finding.severity] ?? 3) - (SEVERITY_ORDER[b.finding.severity] ?? 3) ||
        a.index - b.index,
    )
    .map(({ finding }) => finding);
}

function readText(file: File, unreadable: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error(unreadable));
    reader.readAsText(file);
  });
}

function SeverityLabel(props: { severity: GraviteeLintSeverity }) {
  const theme = useTheme();
  const t = useT();
  const colours: Record<GraviteeLintSeverity, string> = {
    error: theme.palette.error.main,
    warning: theme.palette.warning.main,
    info: theme.palette.info.main,
  };
  return (
    <Box display="flex" alignItems="center" style={{ gap: 6 }}>
      <Box
        component="span"
        aria-hidden
        style={{
          display: 'inline-block',
          width: 10,
          height: 10,
          borderRadius: '50%',
          backgroundColor: colours[props.severity] ?? theme.palette.text.secondary,
        }}
      />
      <Typography
        variant="body2"
        component="span"
        style={{ color: colours[props.severity], fontWeight: props.severity === 'error' ? 600 : undefined }}
      >
        {t(`gravitee.lint.severities.${props.severity}`)}
      </Typography>
    </Box>
  );
}

type State =
  | { name: 'idle' }
  | { name: 'working' }
  | { name: 'done'; result: GraviteeLintResult }
  | { name: 'failed'; message: string };

/** Lint any v2 or v4 Gravitee definition, pasted or uploaded, with the backend's rules. */
export function GraviteeLintPanel(props: { defaultExpanded?: boolean }) {
  const api = useApi(maskinportenApiRef);
  const t = useT();
  const [text, setText] = useState('');
  const [parseError, setParseError] = useState<string>();
  const [fileName, setFileName] = useState<string>();
  const [state, setState] = useState<State>({ name: 'idle' });

  const lint = async (source: string) => {
    let definition: unknown;
    try {
      definition = JSON.parse(source);
    } catch (error) {
      setParseError(t('gravitee.lint.notJson', { error: error instanceof Error ? error.message : String(error) }));
      setState({ name: 'idle' });
      return;
    }
    setParseError(undefined);
    setState({ name: 'working' });
    try {
      setState({ name: 'done', result: await api.lintGraviteeDefinition(definition) });
    } catch (error) {
      setState({ name: 'failed', message: errorMessage(error) });
    }
  };

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target;
    const file = input.files?.[0];
    if (!file) return;
    // Let the same file be chosen again after it has been edited on disk.
    input.value = '';
    let content: string;
    try {
      content = await readText(file, t('gravitee.lint.readFailed', { file: file.name }));
    } catch (error) {
      setParseError(errorMessage(error));
      return;
    }
    setFileName(file.name);
    setText(content);
    await lint(content);
  };

  const findings = state.name === 'done' ? sortFindings(state.result.findings) : [];

  return (
    <Accordion defaultExpanded={props.defaultExpanded}>
      <AccordionSummary expandIcon={<ExpandMoreIcon />} aria-controls="gravitee-lint-content" id="gravitee-lint-header">
        <Typography variant="h6" component="h2">
          {t('gravitee.lint.title')}
        </Typography>
      </AccordionSummary>
      <AccordionDetails id="gravitee-lint-content">
        <Box width="100%">
          <Typography variant="body2" paragraph>
            {t('gravitee.lint.intro')}
          </Typography>
          <TextField
            id="gravitee-lint-definition"
            label={t('gravitee.lint.field')}
            multiline
            minRows={8}
            maxRows={24}
            fullWidth
            variant="outlined"
            value={text}
            onChange={event => {
              setText(event.target.value);
              setFileName(undefined);
            }}
            error={Boolean(parseError)}
            helperText={parseError ?? (fileName ? t('gravitee.lint.loadedFrom', { file: fileName }) : undefined)}
            inputProps={{ spellCheck: false, style: { fontFamily: 'monospace', fontSize: 13 } }}
          />
          <Box display="flex" alignItems="center" style={{ gap: 8 }} mt={1} mb={2}>
            <Button
              variant="contained"
              color="primary"
              onClick={() => lint(text)}
              disabled={!text.trim() || state.name === 'working'}
            >
              {t('gravitee.lint.action')}
            </Button>
            <Button variant="outlined" component="label" disabled={state.name === 'working'}>
              {t('gravitee.lint.upload')}
              <input
                type="file"
                accept=".json,application/json"
                hidden
                aria-label={t('gravitee.lint.uploadLabel')}
                onChange={upload}
              />
            </Button>
          </Box>
          {state.name === 'working' && <Progress />}
          {state.name === 'failed' && (
            <Alert severity="error">{t('gravitee.lint.failed', { error: state.message })}</Alert>
          )}
          {state.name === 'done' && findings.length === 0 && (
            <Alert severity="success">{t('gravitee.lint.noFindings', { version: state.result.version })}</Alert>
          )}
          {state.name === 'done' && findings.length > 0 && (
            <>
              <Typography variant="subtitle2" gutterBottom>
                {t('gravitee.lint.findings', { count: findings.length, version: state.result.version })}
              </Typography>
              <Table size="small" aria-label={t('gravitee.lint.tableLabel')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('gravitee.lint.severity')}</TableCell>
                    <TableCell>{t('gravitee.lint.rule')}</TableCell>
                    <TableCell>{t('gravitee.lint.path')}</TableCell>
                    <TableCell>{t('gravitee.lint.message')}</TableCell>
                    <TableCell>{t('gravitee.lint.fix')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {findings.map((finding, index) => (
                    <TableRow key={`${finding.rule}-${finding.path}-${index}`} data-testid="lint-finding">
                      {/* Severity and rule id are single words: never broken mid-word; the JSON path may break anywhere. */}
                      <TableCell style={{ whiteSpace: 'nowrap' }}>
                        <SeverityLabel severity={finding.severity} />
                      </TableCell>
                      <TableCell style={{ whiteSpace: 'nowrap' }}>
                        <code>{finding.rule}</code>
                      </TableCell>
                      <TableCell style={{ wordBreak: 'break-all', minWidth: 160 }}>
                        <code>{finding.path}</code>
                      </TableCell>
                      <TableCell>{finding.message}</TableCell>
                      <TableCell>{finding.fix}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </>
          )}
        </Box>
      </AccordionDetails>
    </Accordion>
  );
}
