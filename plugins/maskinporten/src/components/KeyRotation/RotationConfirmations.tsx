import Box from '@material-ui/core/Box';
import DialogContentText from '@material-ui/core/DialogContentText';
import Alert from '@material-ui/lab/Alert';
import type { KeyRotationView, MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { useT, useTimeFormat } from '../../translation';
import { isProduction } from './phases';

function ProductionWarning(props: { integration: MaskinportenIntegrationView; what: string }) {
  const { integration, what } = props;
  const t = useT();
  if (!isProduction(integration.environment)) return null;
  return (
    <Box mt={2}>
      <Alert severity="warning" data-testid="production-warning">
        {t('rotation.confirm.productionClient', { clientId: integration.clientId ?? '' })} {what}
      </Alert>
    </Box>
  );
}

/** What "Rotate key" is about to do, for the registration mode of this environment. */
export function RotateConfirmation(props: { integration: MaskinportenIntegrationView }) {
  const { integration } = props;
  const t = useT();
  const clientId = integration.clientId ?? '';
  const current = integration.keys.filter(key => ['pending', 'active', 'retiring'].includes(key.state));
  const keep =
    current.length > 0 ? t('rotation.confirm.keepCurrent', { kids: current.map(key => key.kid).join(', ') }) : '';
  // An empty `keep` leaves two spaces; the sentence reads the same with one.
  const selfService = t('rotation.confirm.selfService', { keep, clientId }).replace(/ {2,}/g, ' ');
  const manual = t('rotation.confirm.manual', { clientId });
  return (
    <>
      {integration.keyRegistration === 'self-service' && <DialogContentText>{selfService}</DialogContentText>}
      {integration.keyRegistration === 'manual' && <DialogContentText>{manual}</DialogContentText>}
      {integration.keyRegistration === undefined && (
        <>
          <DialogContentText>
            {t('rotation.confirm.whereSelfService', { environment: integration.environment, text: selfService })}
          </DialogContentText>
          <DialogContentText>{t('rotation.confirm.otherwise', { text: manual })}</DialogContentText>
        </>
      )}
      <DialogContentText>{t('rotation.confirm.gateways')}</DialogContentText>
      <ProductionWarning integration={integration} what={t('rotation.confirm.rotateProduction')} />
    </>
  );
}

/** What "Retire old keys now" is about to do, instead of waiting out the grace period. */
export function RetireConfirmation(props: { integration: MaskinportenIntegrationView; rotation: KeyRotationView }) {
  const { integration, rotation } = props;
  const t = useT();
  const time = useTimeFormat();
  const values = {
    oldKids: rotation.oldKids.join(', ') || t('rotation.next.theOldKeys'),
    clientId: integration.clientId ?? '',
    environment: integration.environment,
    newKid: rotation.newKid ?? '',
  };
  return (
    <>
      <DialogContentText>
        {rotation.retireAfter
          ? t('rotation.confirm.retireEarly', { ...values, date: time.absolute(rotation.retireAfter) })
          : t('rotation.confirm.retire', values)}
      </DialogContentText>
      <DialogContentText>{t('rotation.confirm.retireConsequence')}</DialogContentText>
      <ProductionWarning integration={integration} what={t('rotation.confirm.retireProduction')} />
    </>
  );
}
