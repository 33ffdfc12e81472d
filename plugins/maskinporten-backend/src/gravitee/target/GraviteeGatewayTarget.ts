import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  MaskinportenGatewayDeploymentRef,
  MaskinportenGatewayInspection,
  MaskinportenGatewayIntegration,
  MaskinportenGatewaySigningKey,
  MaskinportenGatewayTarget,
  MaskinportenGatewayTokenResult,
} from '@maskinporten-backstage/plugin-maskinporten-node';
import { GraviteeDeployConfig } from '../../config/readMaskinportenConfig';
import { API_KEY_HEADER, SCOPE_HEADER } from '../constants';
import { isSupportedApimVersion } from '../deploy/apimVersion';
import { sanitizeGraviteeText } from '../deploy/errors';
import { GraviteeManagementClient } from '../deploy/GraviteeManagementClient';
import { SecretScrubber } from '../deploy/secretScrubber';
import { GraviteeFormat } from '../types';
import { contextPathOf, entryPlans, findSigners, issuerHeader, patchSigningKey } from './signers';

/**
 * Gravitee cache policy: this header skips the cache for one request (gravitee-policy-cache,
 * `CachePolicy#lookForAction`, `CacheAction.BY_PASS`; the same in 2.0.7 and 3.0.0), so a test
 * through the gateway always makes a new grant and a cached token cannot hide the old key.
 */
export const CACHE_BYPASS = { header: 'X-Gravitee-Cache', value: 'BY_PASS' };

/**
 * Gravitee as a gateway target, over its management API (any APIM 4.x, routes per release in
 * GraviteeManagementClient). A redeploy takes the API's own definition from Gravitee, swaps the
 * kid and key of its Generate JWT steps and writes it back with the release's update route,
 * then deploys: the API keeps its id, so a repeat after a lost answer updates it again and can
 * never create a twin, and everything else in it (an adopted API's own flows) stays as it was.
 */
export class GraviteeGatewayTarget implements MaskinportenGatewayTarget {
  readonly id: string;
  readonly title: string;
  readonly #client: GraviteeManagementClient;
  readonly #config: GraviteeDeployConfig;
  readonly #logger: LoggerService;
  readonly #fetch: typeof fetch;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: {
    config: GraviteeDeployConfig;
    logger: LoggerService;
    id?: string;
    title?: string;
    fetchImpl?: typeof fetch;
    sleep?: (ms: number) => Promise<void>;
  }) {
    this.id = options.id ?? 'gravitee';
    this.title = options.title ?? 'Gravitee';
    this.#config = options.config;
    this.#logger = options.logger;
    this.#fetch = options.fetchImpl ?? fetch;
    this.#client = new GraviteeManagementClient(options.config, options.fetchImpl);
    this.#sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
  }

  async inspect(deployment: MaskinportenGatewayDeploymentRef): Promise<MaskinportenGatewayInspection | undefined> {
    const version = await this.#client.getVersion();
    const read = await this.#read(deployment.apiId);
    if (!read) {
      return undefined;
    }
    return {
      name: read.name,
      contextPath: contextPathOf(read.definition),
      definitionVersion: read.format,
      gatewayVersion: version.text,
      started: read.started,
      signers: findSigners(read.definition).map(s => ({
        kid: s.kid,
        fingerprint: s.fingerprint,
        issuer: s.issuer,
        audiences: s.audiences,
      })),
    };
  }

  async deploy(options: {
    deployment: MaskinportenGatewayDeploymentRef;
    integration: MaskinportenGatewayIntegration;
    key: MaskinportenGatewaySigningKey;
  }) {
    const { deployment, key } = options;
    const version = await this.#client.getVersion();
    if (!isSupportedApimVersion(version)) {
      throw new ConflictError(`Gravitee APIM ${version.text} is not supported: redeploy speaks the management API of APIM 4.x`);
    }
    const read = await this.#read(deployment.apiId);
    if (!read) {
      throw new NotFoundError(
        `Gravitee no longer has API ${deployment.apiId}; deploy the token service again, or unlink the deployment.`,
      );
    }
    const patched = patchSigningKey(read.definition, key.kid, key.privateKeyPem);
    // The export carries the old key and the patch the new one: neither may come back in an error.
    const scrubber = SecretScrubber.forRequest({ patched, exported: read.definition });
    try {
      await this.#client.updateApi(read.format, version, deployment.apiId, patched as any, scrubber);
      await this.#client.deployApi(read.format, deployment.apiId);
    } catch (error) {
      throw rescrub(error, scrubber);
    }
    this.#logger.info(`Gravitee API ${deployment.apiId} now signs with ${key.kid} (APIM ${version.text}, ${read.format})`);
    return { gatewayVersion: version.text, definitionVersion: read.format };
  }

  async requestToken(options: {
    deployment: MaskinportenGatewayDeploymentRef;
    integration: MaskinportenGatewayIntegration;
    scope: string;
  }): Promise<MaskinportenGatewayTokenResult> {
    const started = Date.now();
    const gatewayUrl = this.#config.gatewayUrl;
    if (!gatewayUrl) {
      return {
        outcome: 'unreachable',
        message: 'maskinporten.gravitee.gatewayUrl is not configured, so no token request can be sent through the gateway.',
      };
    }
    const read = await this.#read(options.deployment.apiId);
    if (!read) {
      return { outcome: 'unreachable', httpStatus: 404, message: `Gravitee no longer has API ${options.deployment.apiId}.` };
    }
    const contextPath = contextPathOf(read.definition);
    if (!contextPath) {
      return { outcome: 'rejected', message: `API ${options.deployment.apiId} has no context path to call.` };
    }
    const credentials = await this.#credentials(options.deployment.apiId, read.definition);
    if ('problem' in credentials) {
      return { outcome: 'rejected', message: credentials.problem };
    }
    const headers: Record<string, string> = {
      [SCOPE_HEADER]: options.scope,
      [CACHE_BYPASS.header]: CACHE_BYPASS.value,
      ...(credentials.apiKey ? { [API_KEY_HEADER]: credentials.apiKey } : {}),
    };
    const fromHeader = issuerHeader(findSigners(read.definition)[0]?.issuer);
    if (fromHeader) headers[fromHeader] = options.integration.clientId;
    const url = `${gatewayUrl}${contextPath}`;
    // A subscription made just now reaches the gateways with their next sync: until then the
    // gateway refuses its key (401). Asked again, within `verification.subscriptionSyncMs`.
    const deadline = started + (credentials.fresh ? this.#config.subscriptionSyncMs : 0);
    for (;;) {
      const result = await this.#call(url, headers, started);
      if (result.httpStatus !== 401 || Date.now() >= deadline) return result;
      await this.#sleep(1000);
    }
  }

  async #call(url: string, headers: Record<string, string>, started: number): Promise<MaskinportenGatewayTokenResult> {
    let res: Response;
    let text: string;
    try {
      res = await this.#fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(this.#config.timeoutMs) });
      text = await res.text();
    } catch (error) {
      const timedOut = ['TimeoutError', 'AbortError'].includes((error as Error)?.name);
      return {
        outcome: timedOut ? 'timeout' : 'unreachable',
        message: timedOut
          ? `The gateway did not answer within ${this.#config.timeoutMs} ms.`
          : `The gateway at ${this.#config.gatewayUrl} could not be reached.`,
        durationMs: Date.now() - started,
      };
    }
    const durationMs = Date.now() - started;
    let body: Record<string, unknown> | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (res.ok && typeof body?.access_token === 'string') {
      return { outcome: 'success', httpStatus: res.status, message: `The gateway got a token (${String(body.scope ?? '')}).`, durationMs };
    }
    const description = typeof body?.error_description === 'string' ? body.error_description : undefined;
    const code = description?.match(/MP-\d{3}/)?.[0];
    const said = sanitizeGraviteeText(String(description ?? body?.error ?? body?.message ?? text)).slice(0, 300);
    if (res.status >= 500) {
      return { outcome: 'upstream-error', httpStatus: res.status, message: `The gateway answered ${res.status}: ${said}`, durationMs };
    }
    return {
      outcome: 'rejected',
      httpStatus: res.status,
      errorCode: code,
      message: body?.error
        ? `Maskinporten refused the gateway's grant (${String(body.error)}${code ? `, ${code}` : ''}): ${said}`
        : `The gateway refused the request (${res.status}): ${said}`,
      durationMs,
    };
  }

  /** The plan's credentials: the verification application's API key, or none for a keyless plan. */
  async #credentials(
    apiId: string,
    definition: Record<string, unknown>,
  ): Promise<{ apiKey?: string; fresh: boolean } | { problem: string }> {
    const plans = entryPlans(definition);
    if (!plans.apiKey) {
      return plans.keyless
        ? { fresh: false }
        : { problem: `API ${apiId} has no published API-key or keyless plan to call it with.` };
    }
    const applicationId = this.#config.verificationApplicationId;
    if (!applicationId) {
      return {
        problem:
          'Testing through an API-key plan needs a Gravitee application to subscribe with: set maskinporten.gravitee.verification.applicationId.',
      };
    }
    let subscription = await this.#client.findSubscription(apiId, applicationId, plans.apiKey);
    let fresh = false;
    if (!subscription) {
      try {
        subscription = await this.#client.subscribe(apiId, applicationId, plans.apiKey);
        fresh = true;
      } catch (error) {
        // A lost answer: the subscription exists; a second one would be refused anyway.
        subscription = await this.#client.findSubscription(apiId, applicationId, plans.apiKey);
        if (!subscription) throw error;
      }
    }
    const apiKey = await this.#client.apiKeyOf(apiId, subscription);
    return apiKey ? { apiKey, fresh } : { problem: `The verification subscription ${subscription} has no usable API key.` };
  }

  async #read(apiId: string): Promise<{ format: GraviteeFormat; name?: string; started: boolean; definition: Record<string, unknown> } | undefined> {
    const api = await this.#client.describeApi(apiId);
    if (!api) return undefined;
    const definition = await this.#client.exportDefinition(api.format, apiId);
    return definition ? { ...api, definition } : undefined;
  }
}

function rescrub(error: unknown, scrubber: SecretScrubber): unknown {
  if (error instanceof Error) {
    error.message = sanitizeGraviteeText(error.message, scrubber);
  }
  return error;
}
