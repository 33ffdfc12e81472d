/**
 * Types, catalog annotations, permissions and the Maskinporten error catalogue shared by
 * the Maskinporten frontend and backend plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './api';
export * from './errors';
export * from './permissions';
export * from './provisioning';
export * from './limits';
