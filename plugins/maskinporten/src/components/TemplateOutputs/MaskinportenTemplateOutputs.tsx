import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { DefaultTemplateOutputs } from '@backstage/plugin-scaffolder-react/alpha';
import type { ScaffolderTaskOutput } from '@backstage/plugin-scaffolder-common';
import {
  ANNOTATION_CLIENT_ID,
  type PublicJwk,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { useT } from '../../translation';
import { JwkArray } from '../KeySet';

/** What the template's `maskinporten*` outputs hold (examples/templates/maskinporten-integration). */
export interface MaskinportenTemplateResult {
  kid: string;
  jwks: PublicJwk[];
  environment: string;
  clientId?: string;
  registeredWithDigdir: boolean;
}

/**
 * The result from the task output. A Template's outputs other than links and text must be
 * strings in its YAML, so the template sets flat `maskinporten*` keys; the values arrive typed.
 */
export function templateResult(output?: ScaffolderTaskOutput): MaskinportenTemplateResult | undefined {
  const kid = output?.maskinportenKid;
  const jwks = output?.maskinportenJwks;
  if (typeof kid !== 'string' || !Array.isArray(jwks)) return undefined;
  const clientId = output?.maskinportenClientId;
  return {
    kid,
    jwks: jwks as PublicJwk[],
    environment: String(output?.maskinportenEnvironment ?? ''),
    clientId: typeof clientId === 'string' && clientId ? clientId : undefined,
    // Rendered templates may turn the boolean into its string.
    registeredWithDigdir: [true, 'true'].includes(output?.maskinportenRegisteredWithDigdir as any),
  };
}

/** The one step left after the template ran, for the way the key reached (or not) Digdir. */
export function NextStep(props: { result: MaskinportenTemplateResult }) {
  const { kid, environment, clientId, registeredWithDigdir } = props.result;
  const t = useT();
  let text: string;
  if (registeredWithDigdir && clientId) {
    text = t('scaffolder.result.registered', { clientId, environment, kid });
  } else if (clientId) {
    text = t('scaffolder.result.paste', { clientId, environment });
  } else {
    text = t('scaffolder.result.create', { environment, annotation: ANNOTATION_CLIENT_ID });
  }
  return (
    <Typography variant="body1" paragraph data-testid="template-next-step">
      {text}
    </Typography>
  );
}

/**
 * The result page of the Maskinporten template: its links, the step the user has left, and
 * the JWK array with a copy button. Other outputs fall back to the scaffolder's own view.
 */
export function MaskinportenTemplateOutputs(props: { output?: ScaffolderTaskOutput }) {
  const { output } = props;
  const result = templateResult(output);
  const t = useT();
  if (!output || !result) {
    return <DefaultTemplateOutputs output={output} />;
  }
  return (
    <>
      <DefaultTemplateOutputs output={{ links: output.links }} />
      <Box pb={2} data-testid="maskinporten-template-result">
        <InfoCard title={t('scaffolder.result.title')} titleTypographyProps={{ component: 'h2' }}>
          <NextStep result={result} />
          <JwkArray jwks={result.jwks} />
          <Typography variant="body2" color="textSecondary" style={{ marginTop: 8 }}>
            {t('scaffolder.result.publicOnly')}
          </Typography>
        </InfoCard>
      </Box>
    </>
  );
}
