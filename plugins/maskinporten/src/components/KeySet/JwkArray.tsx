import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CodeSnippet } from '@backstage/core-components';
import type { PublicJwk } from '@maskinporten-backstage/plugin-maskinporten-common';
import { plural } from '../../lib/plural';
import { CopyButton } from '../common';

/** A JWK array as Samarbeidsportalen takes it, with a copy button; public keys only. */
export function JwkArray(props: {
  jwks: PublicJwk[];
  title?: string;
  testId?: string;
  /** The heading level where the array sits: h3 in a dialog, h5 inside a card section. */
  headingComponent?: 'h3' | 'h4' | 'h5';
}) {
  const { jwks, title = 'JWK array', testId = 'jwks-json', headingComponent = 'h3' } = props;
  const text = JSON.stringify(jwks, null, 2);
  return (
    <Box data-testid={testId}>
      <Box display="flex" alignItems="center" justifyContent="space-between" flexWrap="wrap" style={{ gap: 8 }} mb={1}>
        <Typography variant="subtitle2" component={headingComponent}>
          {title} ({plural(jwks.length, 'key')})
        </Typography>
        <CopyButton text={text} label={`Copy ${title}`} aria-label={`Copy ${title}`} copiedText="Copied" />
      </Box>
      <CodeSnippet text={text} language="json" showCopyCodeButton={false} />
    </Box>
  );
}
