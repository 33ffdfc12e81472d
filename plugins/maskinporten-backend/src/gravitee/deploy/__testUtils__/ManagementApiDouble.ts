import express from 'express';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApimRelease } from './apimReleases';
import { DoubleApi, registerApiRoutes } from './doubleRoutes';
import {
  LocalSyncFile,
  publishEvent,
  v2GatewayDefinition,
  v4GatewayDefinition,
} from './gatewayEvent';
import { normalizePath } from './importChecks';

export type { DoubleApi } from './doubleRoutes';

export interface DoubleCall {
  method: string;
  path: string;
  status: number;
}

type Failure = { status: number | 'hang' | 'lose'; match?: RegExp };

/**
 * A stand-in for the Gravitee APIM management API of one release (4.5, 4.8, 4.10 or 4.12),
 * serving only the routes that release has, with the answers its sources give. Each route
 * below names the source it follows; paths are relative to gravitee-io/gravitee-api-management
 * at the tag in `APIM_RELEASES`:
 * - v1 = gravitee-apim-rest-api/gravitee-apim-rest-api-management/gravitee-apim-rest-api-management-rest/
 *   src/main/java/io/gravitee/rest/api/management/rest/resource/
 * - v2 = gravitee-apim-rest-api/gravitee-apim-rest-api-management-v2/gravitee-apim-rest-api-management-v2-rest/
 *   src/main/resources/openapi/openapi-apis.yaml and …/rest/resource/api/ApiResource.java
 * Any other path answers 404, as JAX-RS does for a path no resource has.
 *
 * Rules it enforces: the bearer token (else 401); org and env (else 404); the body shape per
 * format (else 400); unique context paths (400 "The path [...] is already covered by an other
 * API.", v1 `…/service/v4/validation/…` VerifyApiPathDomainService); ids from the body as the
 * release keeps them; imported APIs STOPPED and PRIVATE. It records every call, can fail,
 * hang or lose the answer of the next calls, and, given a gateway, hands it on deploy what
 * the real management API writes to the repository for the gateways' sync.
 */
export class ManagementApiDouble {
  readonly apis = new Map<string, DoubleApi>();
  readonly calls: DoubleCall[] = [];
  /** Error messages quote the request body, as a careless server might (leak tests). */
  echoBodyInErrors = false;
  /** Why the gateway last refused a deploy (for a failing test's message). */
  lastGatewayError?: string;
  token: string;
  #failures: Failure[] = [];
  readonly #hanging: express.Response[] = [];

  private constructor(
    private readonly server: http.Server,
    readonly baseUrl: string,
    token: string,
    readonly release: ApimRelease,
    private readonly gateway?: (apiId: string, file: LocalSyncFile) => Promise<void>,
  ) {
    this.token = token;
  }

  static async start(options: {
    token: string;
    release?: ApimRelease;
    organization?: string;
    environment?: string;
    /** Receives what a deploy publishes (e.g. the real gateway's deploy bridge). */
    gateway?: (apiId: string, file: LocalSyncFile) => Promise<void>;
  }): Promise<ManagementApiDouble> {
    const app = express();
    const server = http.createServer(app);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const double = new ManagementApiDouble(
      server,
      `http://127.0.0.1:${port}`,
      options.token,
      options.release ?? '4.10',
      options.gateway,
    );
    double.#routes(app, options.organization ?? 'DEFAULT', options.environment ?? 'DEFAULT');
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

  /** The next `count` calls (whose path matches `match`) are carried out, then the connection drops. */
  loseNextAnswer(count: number, match?: RegExp) {
    for (let i = 0; i < count; i++) this.#failures.push({ status: 'lose', match });
  }

  reset() {
    this.apis.clear();
    this.calls.length = 0;
    this.#failures = [];
    this.echoBodyInErrors = false;
  }

  /** Adds an API that someone else imported, e.g. to take a context path. */
  addForeignApi(contextPath: string): DoubleApi {
    const api = this.#newApi('v4', randomUUID(), 'someone else', undefined);
    api.contextPaths = [normalizePath(contextPath)];
    api.state = 'STARTED';
    api.visibility = 'PUBLIC';
    api.deployments = 1;
    return api;
  }

  /**
   * An application subscribes to the API's first plan and gets an API key (what a consumer
   * does in the portal); the next deploy hands the subscription to the gateway.
   */
  subscribe(apiId: string): string {
    const api = this.apis.get(apiId);
    const plan = api?.definition?.plans?.[0];
    if (!api || !plan?.id) {
      throw new Error(`the double has no API ${apiId} with a plan`);
    }
    const apiKey = randomUUID();
    api.subscriptions.push({ id: randomUUID(), plan: plan.id, application: randomUUID(), apiKey });
    return apiKey;
  }

  async close() {
    for (const res of this.#hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise(resolve => this.server.close(resolve));
  }

  #newApi(format: 'v2' | 'v4', id: string, name: string, crossId: string | undefined): DoubleApi {
    const api: DoubleApi = {
      id,
      format,
      name,
      crossId,
      contextPaths: [],
      state: 'STOPPED',
      visibility: 'PRIVATE',
      definition: undefined,
      updates: -1,
      deployments: 0,
      subscriptions: [],
    };
    this.apis.set(id, api);
    return api;
  }

  #error(res: express.Response, status: number, message: string, req?: express.Request) {
    res.status(status).json({ message: `${message}${this.#echo(req)}`, httpStatus: status });
  }

  /**
   * With `echoBodyInErrors`: the key's bare base64 (PEM armour cut off, line breaks kept as
   * JSON escapes), as a validation message quoting an invalid value would, then the whole body.
   */
  #echo(req?: express.Request): string {
    if (!this.echoBodyInErrors || !req?.body) return '';
    const body = JSON.stringify(req.body);
    const begin = body.indexOf('-----BEGIN PRIVATE KEY-----');
    const end = body.indexOf('-----END PRIVATE KEY-----');
    const bare = begin >= 0 && end > begin ? body.slice(begin + '-----BEGIN PRIVATE KEY-----'.length, end) : '';
    return `: cannot read the key ${bare} while reading ${body}`;
  }

  #routes(app: express.Express, org: string, env: string) {
    app.use(express.json({ limit: '2mb' }));
    app.use((req, res, next) => {
      const call: DoubleCall = { method: req.method, path: req.originalUrl, status: 0 };
      this.calls.push(call);
      res.on('finish', () => {
        call.status = res.statusCode;
      });
      // v1 BasicSecurityConfigurerAdapter: GET /openapi.* is permitted without a token.
      const open = req.method === 'GET' && req.path === '/management/openapi.json';
      if (!open && req.headers.authorization !== `Bearer ${this.token}`) {
        res.status(401).json({ message: 'Unauthorized', httpStatus: 401 });
        return;
      }
      const index = this.#failures.findIndex(f => !f.match || f.match.test(req.originalUrl));
      const failure = index >= 0 ? this.#failures.splice(index, 1)[0] : undefined;
      if (failure?.status === 'hang') {
        this.#hanging.push(res as express.Response);
        return;
      }
      if (failure?.status === 'lose') {
        res.json = (() => res.socket?.destroy()) as any;
        res.send = (() => res.socket?.destroy()) as any;
        res.end = (() => res.socket?.destroy()) as any;
        next();
        return;
      }
      if (failure) {
        this.#error(res, failure.status as number, 'Internal Server Error', req);
        return;
      }
      next();
    });

    registerApiRoutes(app, {
      release: this.release,
      org,
      env,
      apis: this.apis,
      newApi: (format, id, name, crossId) => this.#newApi(format, id, name, crossId),
      write: (api, checked, body) => this.#write(api, checked, body),
      error: (res, status, message, req) => this.#error(res, status, message, req),
      lifecycle: (api, action, res) => this.#lifecycle(api, action, res),
      deploy: (api, res) => this.#deploy(api, env, res),
    });

    app.use((_req: express.Request, res: express.Response) => {
      this.#error(res, 404, 'HTTP 404 Not Found');
    });
  }

  #write(api: DoubleApi, checked: { name: string; paths: string[] }, body: any) {
    api.name = checked.name;
    api.contextPaths = checked.paths;
    api.definition = body;
    api.updates += 1;
  }

  #lifecycle(api: DoubleApi, action: 'START' | 'STOP', res: express.Response) {
    const target = action === 'START' ? 'STARTED' : 'STOPPED';
    if (api.state === target) {
      this.#error(res, 400, `API is already ${action === 'START' ? 'started' : 'stopped'}`);
      return;
    }
    api.state = target;
    res.status(204).end();
  }

  async #deploy(api: DoubleApi, env: string, res: express.Response): Promise<boolean> {
    api.deployments += 1;
    if (!this.gateway) return true;
    const definition =
      api.format === 'v4' ? v4GatewayDefinition(api.id, api.definition) : v2GatewayDefinition(api.id, api.definition);
    try {
      await this.gateway(
        api.id,
        publishEvent({
          apiId: api.id,
          environmentId: env,
          format: api.format,
          name: api.name,
          started: api.state === 'STARTED',
          deploymentNumber: api.deployments,
          definition,
          subscriptions: api.subscriptions,
        }),
      );
      return true;
    } catch (error) {
      this.lastGatewayError = String((error as Error)?.message ?? error);
      this.#error(res, 500, `An error occurs while trying to deploy API: ${api.id}`);
      return false;
    }
  }
}
