import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { WarningPanel } from '@backstage/core-components';
import {
  extractMaskinportenErrorCode,
  MASKINPORTEN_ERRORS,
  type MaskinportenKey,
  type TokenTestResult,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { useT, type Translate } from '../../translation';

/**
 * The key an MP-100 points at when Backstage generated it but nobody uploaded it: the key
 * the test signed with if that is pending and not known to be registered, or, when the
 * result does not name one, any such key. MP-100 with an uploaded key keeps the
 * catalogue's general explanation.
 */
export function unuploadedKeyFor(result: TokenTestResult, keys: MaskinportenKey[]): MaskinportenKey | undefined {
  if (result.errorCode !== 'MP-100') return undefined;
  const pending = keys.filter(key => key.state === 'pending' && !key.registeredAt);
  return result.kid ? pending.find(key => key.kid === result.kid) : pending[0];
}

interface Explanation {
  message: string;
  code?: string;
  meaning?: string;
  fix?: string;
}

/**
 * A refused or failed test in the user's language. Maskinporten's codes are explained from
 * the translated catalogue (the backend's English `meaning`/`fix` only for a code the
 * catalogue lacks); transport failures keep the backend's message, which carries details
 * (the timeout, the network error) only the server knows.
 */
export function explainResult(t: Translate, result: TokenTestResult, keys: MaskinportenKey[]): Explanation {
  const code = result.errorCode ?? extractMaskinportenErrorCode(result.errorDescription);
  const refused =
    result.outcome === 'rejected'
      ? t('tokenTest.refused', {
          environment: result.environment,
          error: [result.error ?? 'invalid_grant', code].filter(Boolean).join(' '),
        })
      : result.message;
  const unuploaded = unuploadedKeyFor(result, keys);
  if (unuploaded) {
    // The general MP-100 meaning ("unknown client or key") would contradict the specific one.
    const values = { kid: unuploaded.kid, environment: result.environment };
    return {
      message: refused,
      code: 'MP-100',
      meaning: t('tokenTest.unuploaded.meaning', values),
      fix: t('tokenTest.unuploaded.fix', values),
    };
  }
  const known = code !== undefined && MASKINPORTEN_ERRORS[code] !== undefined;
  return {
    message: refused,
    code,
    meaning: known ? t(`tokenTest.mpErrors.${code as 'MP-100'}.meaning`) : result.meaning,
    fix: known ? t(`tokenTest.mpErrors.${code as 'MP-100'}.fix`) : result.fix,
  };
}

/**
 * The full outcome of one token test, in plain words. `keys` (the integration's keys) lets
 * an MP-100 be explained as the missing upload it usually is; `action` sits under the fix.
 */
export function TokenTestResultView(props: {
  result: TokenTestResult;
  keys?: MaskinportenKey[];
  action?: ReactNode;
}) {
  const { result, keys = [], action } = props;
  const t = useT();
  if (result.outcome === 'success') {
    return (
      <Box data-testid="token-test-success">
        <Typography variant="subtitle1" component="p">
          {t('tokenTest.titles.success')}
        </Typography>
        <Typography variant="body2">
          {result.expiresIn === undefined
            ? t('tokenTest.lifetimeUnknown')
            : t('tokenTest.lifetime', { seconds: String(result.expiresIn) })}
        </Typography>
        <Typography variant="body2" component="div">
          {t('tokenTest.grantedScopes')}{' '}
          {(result.grantedScopes ?? []).length === 0
            ? t('tokenTest.noScopes')
            : result.grantedScopes!.map(scope => (
                <Chip key={scope} size="small" label={scope} style={{ marginRight: 4 }} />
              ))}
        </Typography>
      </Box>
    );
  }

  const { message, code, meaning, fix } = explainResult(t, result, keys);
  return (
    <Box data-testid="token-test-failure">
      <WarningPanel severity="error" title={t(`tokenTest.titles.${result.outcome}`)} message={message} defaultExpanded>
        {code && (
          <Typography variant="body2">
            <strong>{t('tokenTest.code')}</strong> {code}
            {result.httpStatus ? ` (HTTP ${result.httpStatus})` : ''}
          </Typography>
        )}
        {meaning && (
          <Typography variant="body2" data-testid="token-test-meaning">
            <strong>{t('tokenTest.meaning')}</strong> {meaning}
          </Typography>
        )}
        {fix && (
          <Typography variant="body2" data-testid="token-test-fix">
            <strong>{t('tokenTest.fix')}</strong> {fix}
          </Typography>
        )}
        {action && <Box mt={1}>{action}</Box>}
      </WarningPanel>
    </Box>
  );
}
