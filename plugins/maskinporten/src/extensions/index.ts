export { maskinportenApi, maskinportenEntityCard, maskinportenPage } from './extensions';
export { isMaskinportenCardApplicable } from './isMaskinportenCardApplicable';
