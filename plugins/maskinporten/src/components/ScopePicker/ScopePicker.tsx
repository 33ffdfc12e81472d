import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete from '@material-ui/lab/Autocomplete';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type { ScopeOffer } from '@maskinporten-backstage/plugin-maskinporten-common';
import { maskinportenApiRef } from '../../api';
import { errorMessage } from '../../lib/errors';
import { useT, type Translate } from '../../translation';

/** The name the template's `ui:field` uses. */
export const SCOPE_PICKER_FIELD = 'MaskinportenScopePicker';

/** `ui:options`: the form field that holds the environment, `environment` unless named. */
export interface ScopePickerUiOptions {
  environmentField?: string;
}

function accessText(t: Translate, offer: ScopeOffer): string {
  if (offer.access !== 'request') return t(`scaffolder.scopes.${offer.access}`);
  return offer.ownerOrgno
    ? t('scaffolder.scopes.request', { orgno: offer.ownerOrgno })
    : t('scaffolder.scopes.requestUnknownOwner');
}

/**
 * The template's scopes as a picker over Digdir's scope catalogue for the chosen environment:
 * the scopes the organisation may use (granted, or open to all) by default; the switch
 * shows the others too, each marked with whom to ask for access, and not selectable (the
 * backend would refuse them). Where the backend has no scope list for the environment
 * (`source: 'none'`, or an error), scopes are typed as free text and the template's pattern
 * checks them. The value stays an array of strings, as the scaffolder action expects.
 */
export function ScopePicker(props: FieldExtensionComponentProps<string[], ScopePickerUiOptions>) {
  const { formData, onChange, rawErrors, required, formContext, uiSchema, idSchema, disabled } = props;
  const t = useT();
  const api = useApi(maskinportenApiRef);
  const [showAll, setShowAll] = useState(false);
  const environmentField = uiSchema?.['ui:options']?.environmentField ?? 'environment';
  const environment: string | undefined = formContext?.formData?.[environmentField] || undefined;
  // RJSF fills an array up to minItems with empty items ([undefined]) before anything is picked.
  const selected = (formData ?? []).filter((scope): scope is string => typeof scope === 'string' && scope !== '');

  const offers = useAsync(
    async () => (environment ? api.listScopes(environment) : undefined),
    [api, environment],
  );
  const catalogue = offers.value?.source === 'digdir' ? offers.value.scopes : undefined;
  const byName = new Map((catalogue ?? []).map(offer => [offer.name, offer]));
  const freeText = !catalogue;
  const options = freeText
    ? []
    : catalogue.filter(offer => showAll || offer.access !== 'request').map(offer => offer.name);

  let help: string;
  if (!environment) help = t('scaffolder.scopes.chooseEnvironment');
  else if (offers.loading) help = t('scaffolder.scopes.loading', { environment });
  else if (offers.error) help = t('scaffolder.scopes.loadFailed', { environment, error: errorMessage(offers.error) });
  else if (freeText) help = t('scaffolder.scopes.helpFreeText', { environment });
  else help = t('scaffolder.scopes.help', { environment });

  const id = idSchema?.$id ?? 'maskinporten-scopes';
  const hasErrors = (rawErrors?.length ?? 0) > 0;
  return (
    <FormControl fullWidth margin="normal" required={required} error={hasErrors} data-testid="maskinporten-scope-picker">
      <Autocomplete<string, true, false, boolean>
        id={id}
        multiple
        freeSolo={freeText}
        disabled={disabled || offers.loading}
        options={options}
        value={selected}
        filterSelectedOptions
        getOptionDisabled={name => byName.get(name)?.access === 'request'}
        noOptionsText={t('scaffolder.scopes.noOptions')}
        onChange={(_event, value) =>
          onChange([...new Set(value.filter(Boolean).map(scope => String(scope).trim()).filter(Boolean))])
        }
        renderOption={name => {
          const offer = byName.get(name);
          return (
            <Box data-testid={`scope-option-${name}`} data-access={offer?.access}>
              <Typography variant="body2">{name}</Typography>
              {offer && (
                <Typography variant="caption" color="textSecondary" component="div">
                  {[offer.description, accessText(t, offer)].filter(Boolean).join(' · ')}
                </Typography>
              )}
            </Box>
          );
        }}
        renderTags={(value, getTagProps) =>
          value.map((name, index) => <Chip size="small" label={name} {...getTagProps({ index })} key={name} />)
        }
        renderInput={params => (
          <TextField
            {...params}
            label={t('scaffolder.scopes.label')}
            placeholder={t('scaffolder.scopes.placeholder')}
            required={required && selected.length === 0}
            error={hasErrors}
            variant="outlined"
          />
        )}
      />
      {catalogue && catalogue.some(offer => offer.access === 'request') && (
        <FormControlLabel
          control={<Switch color="primary" checked={showAll} onChange={event => setShowAll(event.target.checked)} />}
          label={t('scaffolder.scopes.showAll')}
        />
      )}
      <FormHelperText>{help}</FormHelperText>
    </FormControl>
  );
}
