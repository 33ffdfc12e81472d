export { EntityMaskinportenCard } from './EntityMaskinportenCard';
export type { EntityMaskinportenCardProps } from './EntityMaskinportenCard';
