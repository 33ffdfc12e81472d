export { MaskinportenPage, MaskinportenPageBody, MaskinportenPageContent } from './MaskinportenPage';
export type { MaskinportenPageProps } from './MaskinportenPage';
