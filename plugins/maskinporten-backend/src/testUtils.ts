/**
 * Test helpers for packages that run this plugin, e.g. the example portal's MCP test.
 *
 * @packageDocumentation
 */
export { PRIVATE_KEY_MATERIAL, findPrivateKeyMaterial } from './lib/privateKeyMaterial';
