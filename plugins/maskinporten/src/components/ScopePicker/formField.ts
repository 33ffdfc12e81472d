import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { ScopePicker, SCOPE_PICKER_FIELD } from './ScopePicker';
import { validateScopes } from './validation';

/** The scope picker for the new frontend system's scaffolder (FormFieldBlueprint). */
export const scopePickerFormField = createFormField({
  name: SCOPE_PICKER_FIELD,
  component: ScopePicker as any,
  validation: validateScopes as any,
});
