import { compileTemplate } from './expressions';
import { GatewayAnswer, GatewayExchange, RequestStep, compileStep, headerLookup } from './policies';

/** A flow: where it applies and its compiled request steps. */
interface CompiledFlow {
  path: string;
  operator: 'STARTS_WITH' | 'EQUALS';
  methods: string[];
  steps: RequestStep[];
  cache?: CacheStep;
}

export interface CacheStep {
  key: ReturnType<typeof compileTemplate>;
  ttlSeconds: number;
  perApplication: boolean;
  methods: string[];
}

export interface CompiledPlan {
  id: string;
  /** `api-key`, `key-less`, or another type this double does not secure with. */
  security: string;
  flows: CompiledFlow[];
}

/** What the gateway runs for one deployed API. */
export interface CompiledApi {
  id: string;
  contextPaths: string[];
  started: boolean;
  plans: CompiledPlan[];
  flows: CompiledFlow[];
  target: string;
}

const label = (value: unknown) => String(value ?? '').toLowerCase().split('_').join('-');

function compileFlows(flows: unknown, format: 'v2' | 'v4'): CompiledFlow[] {
  if (!Array.isArray(flows)) return [];
  return flows
    .filter((flow: any) => flow && flow.enabled !== false)
    .map((flow: any) => {
      const selector = format === 'v4' ? (flow.selectors ?? []).find((s: any) => label(s.type) === 'http') : undefined;
      const path = format === 'v4' ? selector?.path ?? '/' : flow['path-operator']?.path ?? '/';
      const operator = String(
        format === 'v4' ? selector?.pathOperator ?? 'STARTS_WITH' : flow['path-operator']?.operator ?? 'STARTS_WITH',
      ).toUpperCase() as CompiledFlow['operator'];
      const methods: string[] = ((format === 'v4' ? selector?.methods : flow.methods) ?? []).map((m: string) =>
        String(m).toUpperCase(),
      );
      const raw: any[] = (format === 'v4' ? flow.request : flow.pre) ?? [];
      const compiled: CompiledFlow = { path, operator, methods, steps: [] };
      for (const step of raw) {
        if (!step || step.enabled === false) continue;
        if (step.policy === 'cache') {
          compiled.cache = compileCache(step.configuration);
        } else {
          compiled.steps.push(compileStep(String(step.policy), step.configuration ?? {}));
        }
      }
      return compiled;
    });
}

/**
 * gravitee-policy-cache (2.0.7 in APIM 4.5/4.8, 3.0.0 in 4.10): entries per API, per
 * application when `scope` is APPLICATION, under the evaluated `key`, for `methods`; only 2xx
 * answers are kept, for the policy's `timeToLiveSeconds` (per entry, as on the V4 and emulation
 * engines). `X-Gravitee-Cache: BY_PASS` (or `?cache=BY_PASS`) skips the cache; `REFRESH` skips
 * the lookup but stores the answer (`CachePolicy#lookForAction`, `CacheAction`).
 */
function compileCache(c: any): CacheStep {
  return {
    key: compileTemplate(String(c?.key ?? '')),
    ttlSeconds: Number(c?.timeToLiveSeconds ?? 600),
    perApplication: String(c?.scope ?? 'APPLICATION').toUpperCase() === 'APPLICATION',
    methods: (c?.methods ?? ['GET', 'OPTIONS', 'HEAD']).map((m: string) => String(m).toUpperCase()),
  };
}

/**
 * Compiles the gateway definition the management API published (v2: the definition; v4: the
 * gateway's model with its lower-case labels), refusing what this double cannot run.
 */
export function compileApi(format: 'v2' | 'v4', definition: any, started: boolean): CompiledApi {
  const contextPaths: string[] =
    format === 'v4'
      ? (definition.listeners ?? []).flatMap((l: any) => (l.paths ?? []).map((p: any) => String(p.path)))
      : (definition.proxy?.virtual_hosts ?? []).map((h: any) => String(h.path));
  const endpoints: any[] =
    format === 'v4'
      ? (definition.endpointGroups ?? []).flatMap((g: any) =>
          (g.endpoints ?? []).map((e: any) => ({ target: e.configuration?.target, backup: e.secondary === true })),
        )
      : (definition.proxy?.groups ?? []).flatMap((g: any) => g.endpoints ?? []);
  const target = endpoints.find(e => !e.backup && typeof e.target === 'string')?.target;
  if (!target) {
    throw new Error(`API ${definition.id} has no endpoint to call`);
  }
  const plans: CompiledPlan[] = (definition.plans ?? [])
    .filter((p: any) => label(p.status ?? 'published') === 'published')
    .map((p: any) => ({
      id: String(p.id),
      security: label(typeof p.security === 'string' ? p.security : p.security?.type),
      flows: compileFlows(p.flows, format),
    }));
  return {
    id: String(definition.id),
    contextPaths: contextPaths.map(p => (p.endsWith('/') ? p.slice(0, -1) : p)),
    started,
    plans,
    flows: compileFlows(definition.flows, format),
    target,
  };
}

function flowApplies(flow: CompiledFlow, exchange: GatewayExchange): boolean {
  const path = exchange.path === '' ? '/' : exchange.path;
  const pathOk =
    flow.operator === 'EQUALS' ? path === flow.path : path.startsWith(flow.path === '' ? '/' : flow.path);
  return pathOk && (flow.methods.length === 0 || flow.methods.includes(exchange.method));
}

export interface CacheStore {
  get(key: string): GatewayAnswer | undefined;
  set(key: string, value: GatewayAnswer, ttlSeconds: number): void;
}

/**
 * Runs the request phase: plan flows, then API flows (both engines run the plan's before the
 * API's), each step in order; a cache step answers from its store or wraps the rest of the
 * chain. `send` calls the endpoint with the exchange as the steps left it.
 */
export async function runFlows(options: {
  api: CompiledApi;
  plan: CompiledPlan;
  exchange: GatewayExchange;
  cache: CacheStore;
  send: (exchange: GatewayExchange) => Promise<GatewayAnswer>;
}): Promise<GatewayAnswer> {
  const { api, plan, exchange, cache } = options;
  const flows = [...plan.flows, ...api.flows].filter(flow => flowApplies(flow, exchange));
  const action = (exchange.headers.get('x-gravitee-cache')?.[0] ?? exchange.query.get('cache') ?? '').toUpperCase();
  exchange.headers.delete('x-gravitee-cache');
  exchange.query.delete('cache');
  const stores: string[] = [];
  const ttl: number[] = [];
  for (const flow of flows) {
    const cacheStep = flow.cache;
    if (cacheStep && action !== 'BY_PASS' && cacheStep.methods.includes(exchange.method)) {
      const key = `${api.id}|${cacheStep.perApplication ? exchange.application ?? '' : ''}|${cacheStep.key(
        headerLookup(exchange),
      )}`;
      const hit = action === 'REFRESH' ? undefined : cache.get(key);
      if (hit) return hit;
      stores.push(key);
      ttl.push(cacheStep.ttlSeconds);
    }
    for (const step of flow.steps) {
      const interrupted = await step(exchange);
      if (interrupted) return interrupted;
    }
  }
  const result = await options.send(exchange);
  if (result.status >= 200 && result.status < 300) {
    stores.forEach((key, i) => cache.set(key, result, ttl[i]));
  }
  return result;
}
