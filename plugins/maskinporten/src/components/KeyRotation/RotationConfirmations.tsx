import Box from '@material-ui/core/Box';
import DialogContentText from '@material-ui/core/DialogContentText';
import Alert from '@material-ui/lab/Alert';
import type { KeyRotationView, MaskinportenIntegrationView } from '@maskinporten-backstage/plugin-maskinporten-common';
import { formatAbsolute } from '../../lib/time';
import { isProduction } from './phases';

function ProductionWarning(props: { integration: MaskinportenIntegrationView; what: string }) {
  const { integration, what } = props;
  if (!isProduction(integration.environment)) return null;
  return (
    <Box mt={2}>
      <Alert severity="warning" data-testid="production-warning">
        This is the production client {integration.clientId}. {what}
      </Alert>
    </Box>
  );
}

/** What "Rotate key" is about to do, for the registration mode of this environment. */
export function RotateConfirmation(props: { integration: MaskinportenIntegrationView }) {
  const { integration } = props;
  const current = integration.keys.filter(key => ['pending', 'active', 'retiring'].includes(key.state));
  const keep = current.length > 0 ? `next to the current keys (${current.map(key => key.kid).join(', ')})` : '';
  const selfService = `Backstage generates a new key and registers it with Digdir ${keep} for client ${integration.clientId}. It then requests a token with the new key; once that works, the new key signs, and the old keys are removed from Digdir after the grace period.`;
  const manual = `Backstage generates a new key and shows you the JWK array to paste into Samarbeidsportalen for client ${integration.clientId}. When you confirm the upload it requests a token with the new key; then you upload the final array without the old keys.`;
  return (
    <>
      {integration.keyRegistration === 'self-service' && <DialogContentText>{selfService}</DialogContentText>}
      {integration.keyRegistration === 'manual' && <DialogContentText>{manual}</DialogContentText>}
      {integration.keyRegistration === undefined && (
        <>
          <DialogContentText>
            Where Digdir's self-service API is configured for {integration.environment}: {selfService}
          </DialogContentText>
          <DialogContentText>Otherwise: {manual}</DialogContentText>
        </>
      )}
      <DialogContentText>
        Gateways that sign with an old key keep working until that key leaves Digdir; update them
        (download or deploy the Gravitee definition) once the new key is verified.
      </DialogContentText>
      <ProductionWarning
        integration={integration}
        what="Rotating changes the keys Digdir has registered for it, and production traffic signs with them."
      />
    </>
  );
}

/** What "Retire old keys now" is about to do, instead of waiting out the grace period. */
export function RetireConfirmation(props: { integration: MaskinportenIntegrationView; rotation: KeyRotationView }) {
  const { integration, rotation } = props;
  return (
    <>
      <DialogContentText>
        Backstage removes {rotation.oldKids.join(', ') || 'the old keys'} from the keys Digdir has
        registered for client {integration.clientId} ({integration.environment}) now
        {rotation.retireAfter ? `, instead of after ${formatAbsolute(rotation.retireAfter)}` : ''}. Only
        the new key {rotation.newKid} stays.
      </DialogContentText>
      <DialogContentText>
        Anything still signing with an old key, such as a Gravitee gateway that has not been updated,
        gets MP-100 from then on. This cannot be undone: the old keys are revoked.
      </DialogContentText>
      <ProductionWarning
        integration={integration}
        what="Make sure every production gateway signs with the new key before you retire the old ones."
      />
    </>
  );
}
