export { renderGraviteeDefinition } from './render/render';
export { runLintCli, DIGDIR_ENVIRONMENTS } from './cli/lintCli';
export type { LintCliOutput } from './cli/lintCli';
export { lintGraviteeDefinition, extractGraviteeKids } from './lint/lint';
export { GRAVITEE_LINT_RULES } from './lint/rules';
export { GraviteeDefinitionError, EXPECTED_DEFINITION } from './errors';
export { POLICY_SCHEMAS, RESOURCE_SCHEMAS } from './schemas';
export type {
  GraviteeDefinition,
  GraviteeFormat,
  GraviteeMaskinportenEnvironment,
  GraviteeRenderInput,
  GraviteeRenderOptions,
  GraviteeSecretMode,
  GraviteeV2Definition,
  GraviteeV4ImportDefinition,
} from './types';
export type {
  GraviteeLintContext,
  GraviteeLintFinding,
  GraviteeLintKeyInfo,
  GraviteeLintResult,
  GraviteeLintSeverity,
} from './lint/types';
