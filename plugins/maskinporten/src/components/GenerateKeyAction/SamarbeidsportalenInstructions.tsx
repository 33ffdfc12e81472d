import Typography from '@material-ui/core/Typography';

/** The manual upload steps, until the self-service API automation does this for the user. */
export function SamarbeidsportalenInstructions(props: { environment: string }) {
  return (
    <>
      <Typography variant="subtitle2" component="h3" style={{ marginTop: 16 }}>
        Register the key in Samarbeidsportalen
      </Typography>
      <ol data-testid="samarbeidsportalen-steps">
        <li>
          Open Samarbeidsportalen (
          <a href="https://sjolvbetjening.samarbeid.digdir.no/" target="_blank" rel="noopener noreferrer">
            sjolvbetjening.samarbeid.digdir.no
          </a>
          ) and choose the {props.environment} environment.
        </li>
        <li>Open the integration with this client id.</li>
        <li>Go to the integration's keys ("Egne public nøkler").</li>
        <li>Paste the whole JSON array above, replacing what is there.</li>
        <li>Save.</li>
      </ol>
      <Typography variant="body2">
        Maskinporten can take a couple of minutes to accept a new key. Then run "Test token" to
        check that it works.
      </Typography>
    </>
  );
}
