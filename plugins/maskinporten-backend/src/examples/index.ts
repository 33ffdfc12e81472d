export { startExampleKeySeeding } from './startExampleKeySeeding';
export { BackdatedKeySeeder } from './BackdatedKeySeeder';
export type { SeedOutcome, SeedingService } from './BackdatedKeySeeder';
export { readExamplesConfig } from './readExamplesConfig';
