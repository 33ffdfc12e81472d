import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CodeSnippet } from '@backstage/core-components';
import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_CLIENT_ID,
  ANNOTATION_ENVIRONMENT,
  ANNOTATION_SCOPES,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { useT } from '../../translation';

const EXAMPLE = `metadata:
  annotations:
    ${ANNOTATION_CLIENT_ID}: 0f3c1a8e-2b44-4c1d-9a51-4b9f0c2d7e10
    ${ANNOTATION_ENVIRONMENT}: test
    ${ANNOTATION_SCOPES}: dfo:ansatte dfo:organisasjon`;

/** The empty state names the annotations; the snippet shows real-looking values for them. */
export function MissingAnnotations() {
  const t = useT();
  return (
    <>
      <MissingAnnotationEmptyState
        annotation={[ANNOTATION_CLIENT_ID, ANNOTATION_ENVIRONMENT, ANNOTATION_SCOPES]}
        readMoreUrl="https://docs.digdir.no/docs/Maskinporten/"
      />
      <Typography variant="body2">{t('card.missing.example')}</Typography>
      <Box data-testid="annotation-example">
        <CodeSnippet text={EXAMPLE} language="yaml" />
      </Box>
    </>
  );
}
