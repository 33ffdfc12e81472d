export { MaskinportenTemplateOutputs } from './MaskinportenTemplateOutputs';
export type { MaskinportenTemplateResult } from './MaskinportenTemplateOutputs';
