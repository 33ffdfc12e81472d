/**
 * Maskinporten backend plugin for Backstage.
 *
 * @packageDocumentation
 */
export { maskinportenPlugin as default } from './plugin';
export { signGrant, GRANT_CLAIMS } from './maskinporten/grant';
export type { GrantInput } from './maskinporten/grant';
export { runLintCli } from './gravitee';
