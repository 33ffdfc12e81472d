import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { CustomErrorBase, ResponseError } from '@backstage/errors';
import {
  ProvisionIntegrationRequest,
  ProvisionIntegrationResponse,
} from '@maskinporten-backstage/plugin-maskinporten-common';

/**
 * The backend refused or failed. The message carries the backend's own, which names the
 * field or the conflict, so the template's log says what to change.
 */
export class ProvisioningRequestError extends CustomErrorBase {
  name = 'ProvisioningRequestError' as const;

  constructor(
    message: string,
    cause: Error,
    readonly statusCode: number,
  ) {
    super(message, cause);
  }

  static async fromResponse(response: Response): Promise<ProvisioningRequestError> {
    const error = await ResponseError.fromResponse(response);
    const detail = error.body?.error?.message ?? error.message;
    return new ProvisioningRequestError(
      `The Maskinporten backend answered ${response.status}: ${detail}`,
      error,
      response.status,
    );
  }
}

/** Calls the Maskinporten backend's provisioning route on behalf of the template's user. */
export class ProvisioningClient {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async provision(
    request: ProvisionIntegrationRequest,
    options: { credentials: BackstageCredentials; signal?: AbortSignal },
  ): Promise<ProvisionIntegrationResponse> {
    const baseUrl = await this.discovery.getBaseUrl('maskinporten');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: options.credentials,
      targetPluginId: 'maskinporten',
    });
    const response = await this.fetchImpl(`${baseUrl}/v1/provisioning/integrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal: options.signal,
    });
    if (!response.ok) {
      throw await ProvisioningRequestError.fromResponse(response);
    }
    // Parsed here rather than by fetch's json(): the scaffolder copies outputs into its
    // template runtime, which only takes plain arrays and objects of this realm.
    return JSON.parse(await response.text()) as ProvisionIntegrationResponse;
  }
}

