import express from 'express';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApimRelease } from './apimReleases';
import { DoubleApi, registerApiRoutes } from './apiRoutes';
import { DoubleApplication, registerSubscriptionRoutes } from './subscriptionRoutes';
import {
  DoubleSubscription,
  LocalSyncFile,
  publishEvent,
  subscriptionEvent,
  v2GatewayDefinition,
  v4GatewayDefinition,
} from './gatewayEvent';
import { normalizePath } from './importChecks';

export type { DoubleApi } from './apiRoutes';
export type { DoubleApplication } from './subscriptionRoutes';

/**
 * Where a deploy goes: the gateways' sync, which registers each published API and, apart from
 * it, each new subscription with its API key (the sync service's `SubscriptionSynchronizer` and
 * `ApiKeySynchronizer`: a subscription reaches the gateways without redeploying its API).
 *
 * @public
 */
export interface GatewayLink {
  deploy(apiId: string, file: LocalSyncFile): Promise<void>;
  syncSubscriptions?(apiId: string, file: LocalSyncFile): Promise<void>;
}

/** @public */
export interface DoubleCall {
  method: string;
  path: string;
  status: number;
}

/** @public */
export interface ManagementApiDoubleOptions {
  token: string;
  release?: ApimRelease;
  organization?: string;
  environment?: string;
  /** Receives what a deploy publishes (the real gateway's deploy bridge, or the gateway double). */
  gateway?: GatewayLink;
  /** Applications that exist in the environment, e.g. the one a platform team made for verification. */
  applications?: DoubleApplication[];
}

type Failure = { status: number | 'hang' | 'lose'; match?: RegExp; method?: string };

/**
 * A stand-in for the Gravitee APIM management API of one release (4.5, 4.8, 4.10 or 4.12),
 * serving only the routes that release has, with the answers its sources give. Each route
 * names the source it follows; paths are relative to gravitee-io/gravitee-api-management at the
 * tag in `APIM_RELEASES`:
 * - v1 = gravitee-apim-rest-api/gravitee-apim-rest-api-management/gravitee-apim-rest-api-management-rest/
 *   src/main/java/io/gravitee/rest/api/management/rest/resource/
 * - v2 = gravitee-apim-rest-api/gravitee-apim-rest-api-management-v2/gravitee-apim-rest-api-management-v2-rest/
 *   src/main/resources/openapi/openapi-apis.yaml and …/rest/resource/api/ApiResource.java,
 *   ApiSubscriptionsResource.java
 * Any other path answers 404, as JAX-RS does for a path no resource has.
 *
 * Rules it enforces: the bearer token (else 401); org and env (else 404); the body shape per
 * format (else 400); unique context paths (400 "The path [...] is already covered by an other
 * API.", v1 `…/service/v4/validation/…` VerifyApiPathDomainService); ids from the body as the
 * release keeps them; imported APIs STOPPED and PRIVATE; one live subscription per application
 * and plan. It records every call, can fail, hang or lose the answer of the next calls, and,
 * given a gateway, hands it on deploy what the real management API writes to the repository for
 * the gateways' sync.
 *
 * `start()` serves it on a loopback port; `create()` gives its express app to mount elsewhere
 * (the example portal mounts it inside the Backstage backend).
 *
 * @public
 */
export class ManagementApiDouble {
  readonly apis = new Map<string, DoubleApi>();
  readonly applications = new Map<string, DoubleApplication>();
  readonly calls: DoubleCall[] = [];
  /** Error messages quote the request body, as a careless server might (leak tests). */
  echoBodyInErrors = false;
  /** Why the gateway last refused a deploy (for a failing test's message). */
  lastGatewayError?: string;
  token: string;
  /** The express app serving the routes (mount it, or use `start()`). */
  readonly app: express.Express;
  #failures: Failure[] = [];
  readonly #hanging: express.Response[] = [];
  #server?: http.Server;
  #baseUrl?: string;

  private constructor(
    options: ManagementApiDoubleOptions,
    readonly release: ApimRelease,
    private readonly gateway?: GatewayLink,
  ) {
    this.token = options.token;
    for (const application of options.applications ?? []) {
      this.applications.set(application.id, application);
    }
    this.app = express();
    this.#routes(this.app, options.organization ?? 'DEFAULT', options.environment ?? 'DEFAULT');
  }

  /** The double without a server of its own. */
  static create(options: ManagementApiDoubleOptions): ManagementApiDouble {
    return new ManagementApiDouble(options, options.release ?? '4.10', options.gateway);
  }

  /** The double on a loopback port (`baseUrl`). */
  static async start(options: ManagementApiDoubleOptions): Promise<ManagementApiDouble> {
    const double = ManagementApiDouble.create(options);
    const server = http.createServer(double.app);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    double.#server = server;
    double.#baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    return double;
  }

  get baseUrl(): string {
    if (!this.#baseUrl) {
      throw new Error('This management double was created without a server; mount `app` instead');
    }
    return this.#baseUrl;
  }

  /**
   * The next `count` calls (after auth; only those whose path matches `match`, and whose method
   * is `method` when given) answer `status`.
   */
  failNext(count: number, status = 500, match?: RegExp, method?: string) {
    for (let i = 0; i < count; i++) this.#failures.push({ status, match, method });
  }

  /** The next `count` calls (whose path matches `match`, and method `method`) never answer. */
  hangNext(count: number, match?: RegExp, method?: string) {
    for (let i = 0; i < count; i++) this.#failures.push({ status: 'hang', match, method });
  }

  /** The next `count` calls (whose path matches `match`, and method `method`) are carried out, then the connection drops. */
  loseNextAnswer(count: number, match?: RegExp, method?: string) {
    for (let i = 0; i < count; i++) this.#failures.push({ status: 'lose', match, method });
  }

  /** Faults not yet used up. */
  get pendingFaults(): number {
    return this.#failures.length;
  }

  clearFaults() {
    this.#failures = [];
  }

  reset() {
    this.apis.clear();
    this.calls.length = 0;
    this.#failures = [];
    this.echoBodyInErrors = false;
  }

  /** An application, as a platform team creates one in the console. */
  addApplication(name: string, id: string = randomUUID()): DoubleApplication {
    const application = { id, name };
    this.applications.set(id, application);
    return application;
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
    api.subscriptions.push({
      id: randomUUID(),
      plan: plan.id,
      application: randomUUID(),
      apiKey,
      apiKeyId: randomUUID(),
      status: 'ACCEPTED',
      createdAt: Date.now(),
    });
    return apiKey;
  }

  async close() {
    for (const res of this.#hanging) res.destroy();
    const server = this.#server;
    if (server) {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    }
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
      const index = this.#failures.findIndex(
        f => (!f.match || f.match.test(req.originalUrl)) && (!f.method || f.method === req.method),
      );
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

    const context = {
      release: this.release,
      org,
      env,
      apis: this.apis,
      newApi: (format: 'v2' | 'v4', id: string, name: string, crossId: string | undefined) =>
        this.#newApi(format, id, name, crossId),
      write: (api: DoubleApi, checked: { name: string; paths: string[] }, body: any) => this.#write(api, checked, body),
      error: (res: express.Response, status: number, message: string, req?: express.Request) =>
        this.#error(res, status, message, req),
      lifecycle: (api: DoubleApi, action: 'START' | 'STOP', res: express.Response) => this.#lifecycle(api, action, res),
      deploy: (api: DoubleApi, res: express.Response) => this.#deploy(api, env, res),
    };
    registerApiRoutes(app, context);
    registerSubscriptionRoutes(app, {
      ...context,
      applications: this.applications,
      subscribed: (api: DoubleApi, subscription: DoubleSubscription) => this.#syncSubscription(api, env, subscription),
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
      await this.gateway.deploy(
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

  /** A subscription reaches a gateway that runs the API without a redeploy; before, the deploy carries it. */
  async #syncSubscription(api: DoubleApi, env: string, subscription: DoubleSubscription) {
    if (!this.gateway?.syncSubscriptions || api.deployments === 0) return;
    try {
      await this.gateway.syncSubscriptions(api.id, subscriptionEvent(api.id, env, [subscription]));
    } catch (error) {
      // The sync service retries on its next poll; the subscription exists either way.
      this.lastGatewayError = String((error as Error)?.message ?? error);
    }
  }
}
