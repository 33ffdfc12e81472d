import { createExtensionPoint } from '@backstage/backend-plugin-api';

/** What a gateway needs to know to run an integration's token service. @public */
export interface MaskinportenGatewayIntegration {
  entityRef: string;
  /** A short name for the gateway's API, e.g. the entity's name. */
  name: string;
  environment: string;
  /** Maskinporten's issuer (the grant's audience) and token endpoint of the environment. */
  issuer: string;
  tokenEndpoint: string;
  clientId: string;
  scopes: string[];
  resources: string[];
  consumerOrg?: string;
}

/** The key a gateway signs grants with. Handed over only to deploy it. @public */
export interface MaskinportenGatewaySigningKey {
  kid: string;
  /** PKCS#8 PEM. The target must not log it, echo it in errors, or keep it anywhere else. */
  privateKeyPem: string;
  /** SHA-256 of the public key (JWK thumbprint), to recognise the key on the gateway. */
  fingerprint: string;
}

/** A token service on a gateway, as the backend records it. @public */
export interface MaskinportenGatewayDeploymentRef {
  /** The target's id, e.g. `gravitee`. */
  target: string;
  /** The gateway's own id for the API. */
  apiId: string;
}

/** @public */
export interface MaskinportenGatewayDeployResult extends MaskinportenGatewayDeploymentRef {
  /** True when this call created the API, false when it updated an existing one. */
  created: boolean;
  /** The gateway product version it was deployed to, e.g. `4.8.3`. */
  gatewayVersion?: string;
  /** The definition format used, e.g. `v4`. */
  definitionVersion?: string;
}

/** What a deployed token service signs with, read back from the gateway. @public */
export interface MaskinportenGatewayDeployedKey {
  kid?: string;
  /** When the gateway exposes enough to compute it. */
  fingerprint?: string;
}

/** The outcome of a token request sent through a deployed token service. @public */
export interface MaskinportenGatewayTokenResult {
  outcome: 'success' | 'rejected' | 'unreachable' | 'timeout' | 'upstream-error';
  httpStatus?: number;
  /** The Maskinporten error code when Maskinporten refused the grant, e.g. `MP-100`. */
  errorCode?: string;
  message: string;
}

/**
 * A kind of gateway that can run an integration's token service and sign its grants.
 * Gravitee is the first implementation. Every method must be safe to repeat: a deploy whose
 * answer was lost is repeated, and must update the same API rather than create a twin.
 *
 * @public
 */
export interface MaskinportenGatewayTarget {
  /** Stable id, stored with each deployment (e.g. `gravitee`). */
  readonly id: string;
  /** Creates or updates the token service so that it signs with `key`. */
  deploy(options: {
    integration: MaskinportenGatewayIntegration;
    key: MaskinportenGatewaySigningKey;
    /** The deployment recorded earlier, if any: update it rather than create another. */
    previous?: MaskinportenGatewayDeploymentRef;
  }): Promise<MaskinportenGatewayDeployResult>;
  /** What the deployment signs with now; undefined when the gateway no longer has it. */
  inspect(ref: MaskinportenGatewayDeploymentRef): Promise<MaskinportenGatewayDeployedKey | undefined>;
  /** Requests a token through the deployed token service, as a consumer would. */
  requestToken?(options: {
    ref: MaskinportenGatewayDeploymentRef;
    integration: MaskinportenGatewayIntegration;
    scope: string;
  }): Promise<MaskinportenGatewayTokenResult>;
}

/** @public */
export interface MaskinportenGatewayTargetExtensionPoint {
  addGatewayTarget(target: MaskinportenGatewayTarget): void;
}

/** @public */
export const maskinportenGatewayTargetExtensionPoint =
  createExtensionPoint<MaskinportenGatewayTargetExtensionPoint>({
    id: 'maskinporten.gateway-targets',
  });
