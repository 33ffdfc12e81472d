import express from 'express';
import http from 'node:http';
import { randomUUID } from 'node:crypto';

export interface DoubleApi {
  id: string;
  format: 'v2' | 'v4';
  name: string;
  contextPaths: string[];
  state: 'STOPPED' | 'STARTED';
  visibility: 'PRIVATE' | 'PUBLIC';
  definition: any;
  /** Times the definition was replaced after import. */
  updates: number;
  deployments: number;
}

export interface DoubleCall {
  method: string;
  path: string;
  status: number;
}

/**
 * A local stand-in for the Gravitee APIM management API (v2 and v4 paths), strict about the
 * rules a real APIM enforces on the calls a deploy makes:
 * - the bearer token must match, else 401;
 * - org and env must be the configured ones, else 404;
 * - a v2 import/update body must be a v2 definition (`gravitee: "2.0.0"`, `proxy.virtual_hosts`,
 *   `proxy.groups`) and carry `?definitionVersion=2.0.0`; a v4 one must be the import wrapper
 *   `{api: {definitionVersion: "V4", listeners}, plans}`; else 400;
 * - context paths are unique across APIs, else 400 with APIM's kind of message;
 * - update, start and deploy of an unknown id answer 404; starting a started API answers 400;
 * - imported APIs are STOPPED and PRIVATE.
 * It records every call, and can fail the next N calls with a status or leave them hanging.
 */
export class ManagementApiDouble {
  readonly apis = new Map<string, DoubleApi>();
  readonly calls: DoubleCall[] = [];
  #failures: Array<{ status: number | 'hang'; match?: RegExp }> = [];
  /** The bearer token the double accepts; change it to simulate a revoked token. */
  token: string;
  readonly #hanging: express.Response[] = [];

  private constructor(
    private readonly server: http.Server,
    readonly baseUrl: string,
    token: string,
  ) {
    this.token = token;
  }

  static async start(options: {
    token: string;
    organization?: string;
    environment?: string;
  }): Promise<ManagementApiDouble> {
    const org = options.organization ?? 'DEFAULT';
    const env = options.environment ?? 'DEFAULT';
    const app = express();
    const server = http.createServer(app);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const double = new ManagementApiDouble(server, `http://127.0.0.1:${port}`, options.token);
    double.#routes(app, org, env);
    return double;
  }

  /** The next `count` calls (after auth; only those whose path matches `match`) answer `status`. */
  failNext(count: number, status = 500, match?: RegExp) {
    for (let i = 0; i < count; i++) this.#failures.push({ status, match });
  }

  /** The next `count` calls (whose path matches `match`) never answer. */
  hangNext(count: number, match?: RegExp) {
    for (let i = 0; i < count; i++) this.#failures.push({ status: 'hang', match });
  }

  reset() {
    this.apis.clear();
    this.calls.length = 0;
    this.#failures = [];
  }

  /** Adds an API that someone else imported, e.g. to take a context path. */
  addForeignApi(contextPath: string): DoubleApi {
    const api: DoubleApi = {
      id: randomUUID(),
      format: 'v4',
      name: 'someone else',
      contextPaths: [normalizePath(contextPath)],
      state: 'STARTED',
      visibility: 'PUBLIC',
      definition: {},
      updates: 0,
      deployments: 1,
    };
    this.apis.set(api.id, api);
    return api;
  }

  async close() {
    for (const res of this.#hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise(resolve => this.server.close(resolve));
  }

  #routes(app: express.Express, org: string, env: string) {
    app.use((req, res, next) => {
      const call: DoubleCall = { method: req.method, path: req.originalUrl, status: 0 };
      this.calls.push(call);
      res.on('finish', () => {
        call.status = res.statusCode;
      });
      if (req.headers.authorization !== `Bearer ${this.token}`) {
        res.status(401).json({ message: 'Unauthorized', httpStatus: 401 });
        return;
      }
      const index = this.#failures.findIndex(f => !f.match || f.match.test(req.originalUrl));
      const failure = index >= 0 ? this.#failures.splice(index, 1)[0] : undefined;
      if (failure?.status === 'hang') {
        this.#hanging.push(res as express.Response);
        return;
      }
      if (failure) {
        res.status(failure.status).json({ message: 'Internal Server Error', httpStatus: failure.status });
        return;
      }
      next();
    });
    app.use(express.json({ limit: '2mb' }));

    const v2 = '/management/organizations/:org/environments/:env/apis';
    const v4 = '/management/v2/environments/:env/apis';
    const scope = (req: express.Request, res: express.Response): boolean => {
      if ((req.params.org !== undefined && req.params.org !== org) || req.params.env !== env) {
        res.status(404).json({ message: 'Environment not found', httpStatus: 404 });
        return false;
      }
      return true;
    };
    const known = (req: express.Request, res: express.Response, format: 'v2' | 'v4') => {
      const api = this.apis.get(req.params.id);
      if (!api) {
        res.status(404).json({ message: `Api [${req.params.id}] cannot be found.`, httpStatus: 404 });
        return undefined;
      }
      if (api.format !== format) {
        res.status(400).json({ message: `Api [${api.id}] is not a ${format} API`, httpStatus: 400 });
        return undefined;
      }
      return api;
    };

    const importOrUpdate = (format: 'v2' | 'v4', existing?: DoubleApi) => (
      req: express.Request,
      res: express.Response,
    ) => {
      if (format === 'v2' && req.query.definitionVersion !== '2.0.0') {
        res.status(400).json({ message: 'definitionVersion=2.0.0 is required', httpStatus: 400 });
        return;
      }
      const checked = format === 'v2' ? checkV2(req.body) : checkV4(req.body);
      if ('error' in checked) {
        res.status(400).json({ message: checked.error, httpStatus: 400 });
        return;
      }
      for (const path of checked.paths) {
        const other = [...this.apis.values()].find(
          a => a.id !== existing?.id && a.contextPaths.includes(path),
        );
        if (other) {
          res.status(400).json({
            message: `The path [${path}] is already covered by an other API.`,
            httpStatus: 400,
          });
          return;
        }
      }
      const api: DoubleApi = existing ?? {
        id: randomUUID(),
        format,
        name: checked.name,
        contextPaths: [],
        state: 'STOPPED',
        visibility: 'PRIVATE',
        definition: undefined,
        updates: -1,
        deployments: 0,
      };
      api.name = checked.name;
      api.contextPaths = checked.paths;
      api.definition = req.body;
      api.updates += 1;
      this.apis.set(api.id, api);
      // APIM answers a v4 import with 201 Created, a v2 import and every update with 200.
      const created = !existing && format === 'v4';
      res.status(created ? 201 : 200).json(describe(api));
    };

    app.post(`${v2}/import`, (req, res) => scope(req, res) && importOrUpdate('v2')(req, res));
    app.put(`${v2}/:id/import`, (req, res) => {
      const api = scope(req, res) && known(req, res, 'v2');
      if (api) importOrUpdate('v2', api)(req, res);
    });
    app.post(`${v2}/:id/deploy`, (req, res) => {
      const api = scope(req, res) && known(req, res, 'v2');
      if (api) this.#deploy(api, res);
    });
    app.post(`${v2}/:id`, (req, res) => {
      const api = scope(req, res) && known(req, res, 'v2');
      if (!api) return;
      if (req.query.action !== 'START' && req.query.action !== 'STOP') {
        res.status(400).json({ message: 'action must be START or STOP', httpStatus: 400 });
        return;
      }
      this.#lifecycle(api, req.query.action, res);
    });

    app.post(`${v4}/_import/definition`, (req, res) => scope(req, res) && importOrUpdate('v4')(req, res));
    app.put(`${v4}/:id/_import/definition`, (req, res) => {
      const api = scope(req, res) && known(req, res, 'v4');
      if (api) importOrUpdate('v4', api)(req, res);
    });
    app.post(`${v4}/:id/_start`, (req, res) => {
      const api = scope(req, res) && known(req, res, 'v4');
      if (api) this.#lifecycle(api, 'START', res);
    });
    app.post(`${v4}/:id/deployments`, (req, res) => {
      const api = scope(req, res) && known(req, res, 'v4');
      if (api) this.#deploy(api, res);
    });

    app.use((_req: express.Request, res: express.Response) => {
      res.status(404).json({ message: 'No such management API path', httpStatus: 404 });
    });
  }

  #lifecycle(api: DoubleApi, action: 'START' | 'STOP', res: express.Response) {
    const target = action === 'START' ? 'STARTED' : 'STOPPED';
    if (api.state === target) {
      res.status(400).json({
        message: `Api [${api.id}] is already ${action === 'START' ? 'started' : 'stopped'}`,
        httpStatus: 400,
      });
      return;
    }
    api.state = target;
    res.status(200).json(describe(api));
  }

  #deploy(api: DoubleApi, res: express.Response) {
    api.deployments += 1;
    res.status(202).json(describe(api));
  }
}

function describe(api: DoubleApi) {
  return {
    id: api.id,
    name: api.name,
    state: api.state,
    visibility: api.visibility,
    ...(api.format === 'v4' ? { definitionVersion: 'V4' } : { gravitee: '2.0.0' }),
  };
}

function normalizePath(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

function checkV2(body: any): { name: string; paths: string[] } | { error: string } {
  if (body?.gravitee !== '2.0.0') {
    return { error: 'Expected a v2 API definition ("gravitee": "2.0.0")' };
  }
  const hosts = body.proxy?.virtual_hosts;
  if (!Array.isArray(hosts) || hosts.length === 0 || hosts.some((h: any) => typeof h?.path !== 'string')) {
    return { error: 'proxy.virtual_hosts must list at least one context path' };
  }
  if (!Array.isArray(body.proxy.groups) || body.proxy.groups.length === 0) {
    return { error: 'proxy.groups must have at least one endpoint group' };
  }
  if (typeof body.name !== 'string' || !body.name) {
    return { error: 'name is required' };
  }
  return { name: body.name, paths: hosts.map((h: any) => normalizePath(h.path)) };
}

function checkV4(body: any): { name: string; paths: string[] } | { error: string } {
  const api = body?.api;
  if (api?.definitionVersion !== 'V4') {
    return { error: 'Expected the import payload {"api": {"definitionVersion": "V4", …}, "plans": […]}' };
  }
  if (!Array.isArray(body.plans)) {
    return { error: 'plans must be an array' };
  }
  const listeners = api.listeners;
  const paths: string[] = Array.isArray(listeners)
    ? listeners.flatMap((l: any) => (Array.isArray(l?.paths) ? l.paths.map((p: any) => p?.path) : []))
    : [];
  if (paths.length === 0 || paths.some(p => typeof p !== 'string')) {
    return { error: 'api.listeners must declare at least one HTTP path' };
  }
  if (!Array.isArray(api.endpointGroups) || api.endpointGroups.length === 0) {
    return { error: 'api.endpointGroups must have at least one group' };
  }
  if (typeof api.name !== 'string' || !api.name) {
    return { error: 'api.name is required' };
  }
  return { name: api.name, paths: paths.map(normalizePath) };
}
