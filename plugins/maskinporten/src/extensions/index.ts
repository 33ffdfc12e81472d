export {
  maskinportenApi,
  maskinportenEntityCard,
  maskinportenPage,
  maskinportenScopePickerFormField,
  maskinportenTemplateOutputs,
  MASKINPORTEN_TEMPLATE_REF,
} from './extensions';
export { isMaskinportenCardApplicable } from './isMaskinportenCardApplicable';
