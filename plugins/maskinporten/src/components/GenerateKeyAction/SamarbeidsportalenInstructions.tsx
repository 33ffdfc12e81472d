import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import { ANNOTATION_CLIENT_ID } from '@maskinporten-backstage/plugin-maskinporten-common';

const PORTAL_URL = 'https://sjolvbetjening.samarbeid.digdir.no/';

/**
 * The manual upload, for environments without Digdir's self-service API: onto the existing
 * client when there is a client id, else as the keys of a client created by hand.
 */
export function SamarbeidsportalenInstructions(props: { environment: string; clientId?: string }) {
  const { environment, clientId } = props;
  return (
    <>
      <Typography variant="subtitle2" component="h3" style={{ marginTop: 16 }}>
        {clientId ? 'Upload the key set in Samarbeidsportalen' : 'Create the client in Samarbeidsportalen'}
      </Typography>
      <ol data-testid="samarbeidsportalen-steps">
        <li>
          Open Samarbeidsportalen (<Link to={PORTAL_URL} underline="always">
            sjolvbetjening.samarbeid.digdir.no
          </Link>) and choose
          the {environment} environment.
        </li>
        {clientId ? (
          <>
            <li>Open the integration with client id {clientId}.</li>
            <li>Go to its keys ("Egne public nøkler").</li>
            <li>Paste the whole JWK array, replacing what is there, and save.</li>
          </>
        ) : (
          <>
            <li>Create a new Maskinporten integration with the scopes this entity declares.</li>
            <li>Under "Egne public nøkler", paste the whole JWK array and save.</li>
            <li>
              Add the new client id ("Integrasjons-ID") to the entity's catalog-info.yaml as{' '}
              <code>{ANNOTATION_CLIENT_ID}</code>.
            </li>
          </>
        )}
      </ol>
      <Typography variant="body2">
        Maskinporten can take a couple of minutes to accept a new key. Then run "Test token": the
        first successful test marks the key active.
      </Typography>
    </>
  );
}
