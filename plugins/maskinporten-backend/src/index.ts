/**
 * Maskinporten backend plugin for Backstage.
 *
 * @packageDocumentation
 */
export { maskinportenPlugin as default } from './plugin';
export { signGrant, GRANT_CLAIMS } from './tokenTests/grant';
export type { GrantInput } from './tokenTests/grant';
export { runLintCli } from './gravitee';
export { catalogModuleMaskinportenDigdirImport } from './import';
export type { LintCliOutput } from './gravitee';
