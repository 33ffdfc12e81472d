export {
  maskinportenApi,
  maskinportenEntityCard,
  maskinportenPage,
  maskinportenTemplateOutputs,
  MASKINPORTEN_TEMPLATE_REF,
} from './extensions';
export { isMaskinportenCardApplicable } from './isMaskinportenCardApplicable';
