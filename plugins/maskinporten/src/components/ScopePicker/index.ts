export { ScopePicker, SCOPE_PICKER_FIELD, type ScopePickerUiOptions } from './ScopePicker';
export { validateScopes } from './validation';
export { scopePickerFormField } from './formField';
