import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';

/**
 * Placeholder until the Gravitee issue wires up the download; shown disabled so teams
 * can see the capability is coming, and still only to those allowed to export.
 */
export function GraviteeDownloadButton() {
  return (
    <Tooltip title="Coming with Gravitee support">
      {/* A disabled button fires no mouse events, so the tooltip needs a wrapper. */}
      <span>
        <Button variant="outlined" size="small" disabled>
          Download Gravitee definition
        </Button>
      </span>
    </Tooltip>
  );
}
