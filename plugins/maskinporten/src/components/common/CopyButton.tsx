import { useEffect, useState } from 'react';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import CopyIcon from '@material-ui/icons/FileCopyOutlined';
import useCopyToClipboard from 'react-use/esm/useCopyToClipboard';
import { errorApiRef, useApi } from '@backstage/core-plugin-api';
import { useT } from '../../translation';

/**
 * Copies `text` and says so. MUI v4 like the rest of the card: core-components'
 * CopyTextButton comes from the newer UI kit and would bring its own look into the dialogs.
 * With `label` it is a text button (for the main action of a dialog), else an icon button.
 */
export function CopyButton(props: {
  text: string;
  'aria-label': string;
  label?: string;
  copiedText?: string;
}) {
  const t = useT();
  const { text, label, copiedText = t('common.copied') } = props;
  const errorApi = useApi(errorApiRef);
  const [{ error }, copy] = useCopyToClipboard();
  const [copied, setCopied] = useState(false);
  const [hovered, setHovered] = useState(false);

  useEffect(() => {
    if (error) errorApi.post(error);
  }, [error, errorApi]);

  useEffect(() => {
    if (!copied) return undefined;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  const onClick = () => {
    copy(text);
    setCopied(true);
  };

  return (
    <Tooltip
      title={copied ? copiedText : props['aria-label']}
      open={copied || hovered}
      onOpen={() => setHovered(true)}
      onClose={() => setHovered(false)}
    >
      {label ? (
        // The visible label is the accessible name; aria-label only names the icon variant.
        <Button size="small" variant="outlined" color="primary" startIcon={<CopyIcon />} onClick={onClick}>
          {label}
        </Button>
      ) : (
        <IconButton size="small" onClick={onClick} aria-label={props['aria-label']}>
          <CopyIcon fontSize="small" />
        </IconButton>
      )}
    </Tooltip>
  );
}
