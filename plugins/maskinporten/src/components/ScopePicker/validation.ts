import { translationApiRef } from '@backstage/frontend-plugin-api';
import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { maskinportenApiRef } from '../../api';
import { maskinportenTranslationRef } from '../../translation';
import type { Translate } from '../../translation';
import type { ScopePickerUiOptions } from './ScopePicker';

/** prefix:name, as the template's items pattern and the backend's provisioning check it. */
const SCOPE_PATTERN = /^[a-z0-9][a-z0-9._-]*:[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/**
 * Refuses, in the user's language, what the backend would refuse with a 400 naming
 * `scopes`: a scope that is not prefix:name (free text, when Digdir's list is unavailable)
 * and a scope the organisation has no access to in the chosen environment.
 */
export const validateScopes: CustomFieldValidator<string[], ScopePickerUiOptions> = async (
  scopes,
  field,
  { apiHolder, formData, uiSchema },
) => {
  const t = apiHolder.get(translationApiRef)?.getTranslation(maskinportenTranslationRef).t as Translate | undefined;
  const environmentField = uiSchema?.['ui:options']?.environmentField ?? 'environment';
  const environment = formData?.[environmentField];
  const malformed = (scopes ?? []).filter(scope => !SCOPE_PATTERN.test(scope));
  for (const scope of malformed) {
    field.addError(
      t?.('scaffolder.scopes.pattern', { scope }) ??
        `${scope} is not prefix:name, e.g. dfo:ansatte or skatteetaten:folkeregister.`,
    );
  }
  const api = apiHolder.get(maskinportenApiRef);
  if (!api || typeof environment !== 'string' || !environment || malformed.length > 0) return;
  let offers;
  try {
    offers = await api.listScopes(environment);
  } catch {
    return; // The backend checks again when the template runs.
  }
  const refused = new Set(offers.scopes.filter(offer => offer.access === 'request').map(offer => offer.name));
  for (const scope of (scopes ?? []).filter(name => refused.has(name))) {
    field.addError(
      t?.('scaffolder.scopes.notAvailable', { scope, environment }) ??
        `${scope}: the organisation has no access in ${environment}; ask its owner first.`,
    );
  }
};
