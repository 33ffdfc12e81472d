import { DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS, DEFAULT_KEY_WARNING_DAYS, POLICY } from '../constants';
import { GraviteeMaskinportenEnvironment } from '../types';
import { classifyUrl, UrlClassification } from './environments';
import { DefinitionModel, LintEndpoint, LintStep } from './model';
import { asList, isExpression, isPlaceholder } from './placeholders';
import { GraviteeLintContext, GraviteeLintFinding, GraviteeLintKeyInfo } from './types';

export interface RuleContext {
  model: DefinitionModel;
  environments: GraviteeMaskinportenEnvironment[];
  now: Date;
  lookupKey?: (kid: string) => GraviteeLintKeyInfo | undefined;
  accessTokenLifetimeSeconds: number;
  keyWarningDays: number;
  generateJwtSteps: LintStep[];
  classify(url: string): UrlClassification;
  /** The environment every primary endpoint is in, when they agree. */
  endpointEnvironment?: GraviteeMaskinportenEnvironment;
  /** The environment every literal Generate JWT audience belongs to, when they agree. */
  audienceEnvironment?: GraviteeMaskinportenEnvironment;
}

export type LintRule = (ctx: RuleContext) => GraviteeLintFinding[];

function single<T>(items: Array<T | undefined>): T | undefined {
  const distinct = new Set(items);
  return distinct.size === 1 ? items[0] : undefined;
}

/** Literal audiences of a Generate JWT step, as `[index, value]`; EL and placeholders excluded. */
export function literalAudiences(step: LintStep): Array<[number, string]> {
  return asList(step.configuration.audiences).flatMap((value, i): Array<[number, string]> =>
    typeof value === 'string' && !isPlaceholder(value) && !isExpression(value) ? [[i, value]] : [],
  );
}

export function buildRuleContext(model: DefinitionModel, context: GraviteeLintContext): RuleContext {
  const environments = context.environments ?? [];
  const classify = (url: string) => classifyUrl(url, environments);
  const generateJwtSteps = model.steps.filter(step => step.policy === POLICY.generateJwt);

  const primaries: LintEndpoint[] = model.endpoints.filter(endpoint => !endpoint.backup);
  const endpointEnvs = primaries.map(endpoint =>
    endpoint.target ? classify(endpoint.target).environment : undefined,
  );
  const audienceEnvs = generateJwtSteps.flatMap(step =>
    literalAudiences(step).map(([, value]) => classify(value).environment),
  );

  return {
    model,
    environments,
    now: context.now ?? new Date(),
    lookupKey: context.lookupKey,
    accessTokenLifetimeSeconds: context.accessTokenLifetimeSeconds ?? DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS,
    keyWarningDays: context.keyWarningDays ?? DEFAULT_KEY_WARNING_DAYS,
    generateJwtSteps,
    classify,
    endpointEnvironment: single(endpointEnvs),
    audienceEnvironment: single(audienceEnvs),
  };
}
