import express from 'express';
import http from 'node:http';
import type { LocalSyncFile } from '../management/gatewayEvent';
import { GatewayAnswer, GatewayExchange } from './policies';
import { CacheStore, CompiledApi, compileApi, runFlows } from './tokenService';

/** The header and query parameter Gravitee's API key policy reads (gravitee-policy-apikey defaults). */
const API_KEY_HEADER = 'x-gravitee-api-key';
const API_KEY_QUERY = 'api-key';

interface Deployed {
  api: CompiledApi;
  cache: Map<string, { answer: GatewayAnswer; expiresAt: number }>;
}

interface ActiveKey {
  api: string;
  plan: string;
  application: string;
  active: boolean;
}

/**
 * A stand-in for a Gravitee gateway that runs Maskinporten token services, for where the real
 * gateway (scripts/gravitee; docs/adr/0005-real-gravitee.md) cannot run: the example portal's
 * `npm start` and the backend's unit tests. It takes the same input as the real gateway's deploy
 * bridge (the management API's PUBLISH_API event, then subscriptions and API keys) and runs the
 * policies token services use, each following its plugin (see policies.ts and tokenService.ts):
 * API-key and keyless plans, IP filtering, Generate JWT, Assign Content, query-parameter and
 * header transforms, method override and the token cache. A definition with anything else is
 * refused at deploy. Every behaviour the backend relies on is also asserted against the real
 * gateway by the suite `npm run test:gravitee` runs.
 *
 * @public
 */
export class GatewayDouble {
  readonly #apis = new Map<string, Deployed>();
  readonly #keys = new Map<string, ActiveKey>();
  /** The express app answering consumers (mount it, or use `start()`). */
  readonly app: express.Express;
  /**
   * Requests that reached an endpoint through the gateway, oldest first, with the `kid` in the
   * header of the grant they carried (tests look at which key signed).
   */
  readonly upstreamCalls: Array<{ apiId: string; target: string; method: string; status: number; kid?: string }> = [];
  #server?: http.Server;
  #url?: string;
  #now: () => Date;

  constructor(options: { now?: () => Date } = {}) {
    this.#now = options.now ?? (() => new Date());
    this.app = express();
    this.app.use(express.raw({ type: () => true, limit: '64kb' }));
    this.app.use((req, res) => {
      this.#handle(req).then(
        result => res.status(result.status).type(result.contentType).send(result.body),
        error => res.status(500).json({ message: String((error as Error)?.message ?? error), http_status_code: 500 }),
      );
    });
  }

  static async start(options: { now?: () => Date } = {}): Promise<GatewayDouble> {
    const gateway = new GatewayDouble(options);
    const server = http.createServer(gateway.app);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    gateway.#server = server;
    gateway.#url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    return gateway;
  }

  get url(): string {
    if (!this.#url) throw new Error('This gateway double was created without a server; mount `app` instead');
    return this.#url;
  }

  /** The ids of the APIs it runs. */
  get apiIds(): string[] {
    return [...this.#apis.keys()].sort();
  }

  /**
   * Registers what the management API published, replacing an earlier deployment of the API
   * with a new, empty cache (the cache resource restarts with its API; seen on the real gateway).
   */
  async deploy(apiId: string, file: LocalSyncFile): Promise<void> {
    const payload = JSON.parse(file.apiEvent?.payload ?? '{}');
    if (payload.id !== apiId) {
      throw new Error(`the path names API ${apiId} but the event carries ${payload.id}`);
    }
    const format = payload.definitionVersion === '4.0.0' ? 'v4' : 'v2';
    const api = compileApi(format, JSON.parse(payload.definition), payload.lifecycleState === 'STARTED');
    this.undeploy(apiId);
    this.#apis.set(apiId, { api, cache: new Map() });
    await this.syncSubscriptions(apiId, file);
  }

  /** Registers subscriptions and API keys (the sync service does this without touching the API). */
  async syncSubscriptions(apiId: string, file: LocalSyncFile): Promise<void> {
    const subscriptions = new Map<string, any>(
      (file.subscriptions ?? []).map(s => [String(s.id), s] as [string, any]),
    );
    for (const key of file.apiKeys ?? []) {
      const subscription = ((key.subscriptions as string[]) ?? []).map(id => subscriptions.get(id)).find(Boolean);
      if (!subscription) continue;
      this.#keys.set(String(key.key), {
        api: apiId,
        plan: String(subscription.plan),
        application: String(subscription.application),
        active: !key.revoked && !key.paused && subscription.status === 'ACCEPTED',
      });
    }
  }

  undeploy(apiId: string) {
    this.#apis.delete(apiId);
    for (const [key, value] of this.#keys) if (value.api === apiId) this.#keys.delete(key);
  }

  async close() {
    const server = this.#server;
    if (server) {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    }
  }

  async #handle(req: express.Request): Promise<GatewayAnswer> {
    const url = new URL(req.originalUrl, 'http://gateway');
    // A mounted app sees its own path in req.path; a standalone server the whole URL.
    const path = decodeURIComponent(req.path);
    const match = [...this.#apis.values()]
      .filter(d => d.api.started)
      .flatMap(d => d.api.contextPaths.map(contextPath => ({ d, contextPath })))
      .filter(({ contextPath }) => path === contextPath || path.startsWith(`${contextPath}/`))
      .sort((a, b) => b.contextPath.length - a.contextPath.length)[0];
    if (!match) {
      return { status: 404, contentType: 'text/plain', body: 'No context-path matches the request URI.' };
    }
    const { d, contextPath } = match;
    const headers = new Map<string, string[]>();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name.toLowerCase(), Array.isArray(value) ? value : [value]);
    }
    const query = new URLSearchParams(url.search);
    const apiKey = headers.get(API_KEY_HEADER)?.[0] ?? query.get(API_KEY_QUERY) ?? undefined;
    const keyPlan = d.api.plans.find(p => p.security === 'api-key');
    const keyless = d.api.plans.find(p => p.security === 'key-less');
    let plan = apiKey ? keyPlan : keyless;
    let application: string | undefined;
    if (apiKey && keyPlan) {
      const known = this.#keys.get(apiKey);
      if (!known || !known.active || known.api !== d.api.id || known.plan !== keyPlan.id) {
        return unauthorized();
      }
      application = known.application;
      query.delete(API_KEY_QUERY);
    }
    if (!plan) {
      return unauthorized();
    }
    const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body.toString('utf8') : undefined;
    const exchange: GatewayExchange = {
      method: req.method.toUpperCase(),
      path: path.slice(contextPath.length),
      query,
      headers,
      body,
      attributes: new Map(),
      remoteAddress: req.socket.remoteAddress ?? '',
      application,
      now: this.#now,
    };
    plan = plan!;
    return runFlows({
      api: d.api,
      plan,
      exchange,
      cache: this.#cacheOf(d),
      send: e => this.#send(d.api, e),
    });
  }

  #cacheOf(d: Deployed): CacheStore {
    return {
      get: key => {
        const entry = d.cache.get(key);
        if (!entry || entry.expiresAt <= this.#now().getTime()) return undefined;
        return entry.answer;
      },
      set: (key, answer, ttlSeconds) => {
        d.cache.set(key, { answer, expiresAt: this.#now().getTime() + ttlSeconds * 1000 });
      },
    };
  }

  async #send(api: CompiledApi, exchange: GatewayExchange): Promise<GatewayAnswer> {
    const target = `${api.target}${exchange.path}${exchange.query.size ? `?${exchange.query}` : ''}`;
    const headers = new Headers();
    for (const [name, values] of exchange.headers) {
      if (['host', 'content-length', 'connection', 'transfer-encoding'].includes(name)) continue;
      for (const value of values) headers.append(name, value);
    }
    const hasBody = exchange.method !== 'GET' && exchange.method !== 'HEAD';
    try {
      const res = await fetch(target, {
        method: exchange.method,
        headers,
        body: hasBody ? exchange.body ?? '' : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      const answer = {
        status: res.status,
        contentType: res.headers.get('content-type') ?? 'application/octet-stream',
        body: await res.text(),
      };
      this.upstreamCalls.push({ apiId: api.id, target, method: exchange.method, status: res.status, kid: grantKid(exchange.body) });
      return answer;
    } catch (error) {
      const timedOut = (error as Error)?.name === 'TimeoutError';
      return {
        status: timedOut ? 504 : 502,
        contentType: 'application/json',
        body: JSON.stringify({ message: timedOut ? 'Request Timeout' : 'Bad Gateway', http_status_code: timedOut ? 504 : 502 }),
      };
    }
  }
}

/** The `kid` of the grant in a jwt-bearer form body, if there is one. */
function grantKid(body: string | undefined): string | undefined {
  const assertion = body ? new URLSearchParams(body).get('assertion') : null;
  if (!assertion) return undefined;
  try {
    const header = JSON.parse(Buffer.from(assertion.split('.')[0], 'base64url').toString('utf8'));
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

function unauthorized(): GatewayAnswer {
  return {
    status: 401,
    contentType: 'application/json',
    body: JSON.stringify({ message: 'Unauthorized', http_status_code: 401 }),
  };
}
