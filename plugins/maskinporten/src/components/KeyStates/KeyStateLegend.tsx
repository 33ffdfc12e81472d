import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import Typography from '@material-ui/core/Typography';
import { useT } from '../../translation';
import { KEY_STATE_ORDER } from './keyStates';
import { KeyStateChip } from './KeyStateChip';

/** What each key state means, once, below the integrations; collapsed until asked for. */
export function KeyStateLegend() {
  const [open, setOpen] = useState(false);
  const t = useT();
  return (
    <Box>
      <Button
        size="small"
        onClick={() => setOpen(value => !value)}
        aria-expanded={open}
        aria-controls="maskinporten-key-state-legend"
      >
        {open ? t('common.keyStates.hideLegend') : t('common.keyStates.showLegend')}
      </Button>
      <Collapse in={open}>
        <Box
          component="dl"
          id="maskinporten-key-state-legend"
          data-testid="key-state-legend"
          m={0}
          mt={1}
          display="grid"
          style={{ gridTemplateColumns: 'max-content 1fr', columnGap: 12, rowGap: 6 }}
        >
          {KEY_STATE_ORDER.map(state => (
            <Box key={state} display="contents">
              <Box component="dt">
                <KeyStateChip state={state} />
              </Box>
              <Box component="dd" m={0}>
                <Typography variant="body2">{t(`common.keyStates.${state}.description`)}</Typography>
              </Box>
            </Box>
          ))}
        </Box>
      </Collapse>
    </Box>
  );
}
