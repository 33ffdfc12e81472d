import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import type { PublicJwk } from '@maskinporten-backstage/plugin-maskinporten-common';
import { useT } from '../../translation';
import { CopyButton } from '../common';

// A plain block rather than core-components' CodeSnippet: its syntax colours fall below
// WCAG AA contrast, and its scroll box cannot be reached by keyboard.
const useStyles = makeStyles((theme: Theme) => ({
  code: {
    margin: 0,
    padding: theme.spacing(1.5),
    maxHeight: 320,
    overflow: 'auto',
    fontFamily: 'monospace',
    fontSize: 13,
    lineHeight: 1.5,
    color: theme.palette.text.primary,
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    whiteSpace: 'pre',
    '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}` },
  },
}));

/** A JWK array as Samarbeidsportalen takes it, with a copy button; public keys only. */
export function JwkArray(props: {
  jwks: PublicJwk[];
  title?: string;
  testId?: string;
  /** The heading level where the array sits: h3 in a dialog, h5 inside a card section. */
  headingComponent?: 'h3' | 'h4' | 'h5';
}) {
  const t = useT();
  const { jwks, title = t('keys.jwks.title'), testId = 'jwks-json', headingComponent = 'h3' } = props;
  const classes = useStyles();
  const text = JSON.stringify(jwks, null, 2);
  return (
    <Box data-testid={testId}>
      <Box display="flex" alignItems="center" justifyContent="space-between" flexWrap="wrap" style={{ gap: 8 }} mb={1}>
        <Typography variant="subtitle2" component={headingComponent}>
          {t('keys.jwks.heading', { title, keys: t('common.keyCount', { count: jwks.length }) })}
        </Typography>
        <CopyButton text={text} label={t('keys.jwks.copy', { title })} aria-label={t('keys.jwks.copy', { title })} />
      </Box>
      {/* Focusable, so keyboard users can scroll a long array (WCAG 2.1.1, axe's scrollable-region-focusable). */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <pre className={classes.code} tabIndex={0} role="region" aria-label={title}>
        {text}
      </pre>
    </Box>
  );
}
