export { ScopeRegistry, DEFAULT_SCOPE_OWNER_ORGNO } from './ScopeRegistry';
export type { ScopeRegistryOptions, ScopeInput } from './ScopeRegistry';
export { isOrgNumber, isValidPrefix, isValidSubscope, splitScopeName } from './scopeNames';
export type {
  ScopeUse,
  ScopeVisibility,
  SimulatorScope,
  SimulatorScopeAccess,
  SimulatorScopeSeed,
} from './types';
