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
  /** RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key, to recognise the key on the gateway. */
  fingerprint: string;
}

/** A token service on a gateway, as the backend records it. @public */
export interface MaskinportenGatewayDeploymentRef {
  /** The target's id, e.g. `gravitee`. */
  target: string;
  /** The gateway's own id for the API. */
  apiId: string;
  /** The definition format, when the target has several (Gravitee: `v2` or `v4`). */
  definitionVersion?: string;
}

/** @public */
export interface MaskinportenGatewayDeployResult {
  /** The gateway product version it was deployed to, e.g. `4.8.3`. */
  gatewayVersion?: string;
  /** The definition format used, e.g. `v4`. */
  definitionVersion?: string;
}

/** One step of a token service that signs grants, as read back from the gateway. @public */
export interface MaskinportenGatewaySigner {
  kid?: string;
  /** RFC 7638 thumbprint of the key it signs with, when the gateway shows enough to compute it. */
  fingerprint?: string;
  /** The grant's `iss`: a client id, or how the gateway gets one (e.g. a request header). */
  issuer?: string;
  /** The grant's audience(s). */
  audiences?: string[];
}

/** What a deployed token service is and signs with, read back from the gateway. Never key material. @public */
export interface MaskinportenGatewayInspection {
  name?: string;
  /** Where consumers call it, e.g. `/maskinporten/test/lonn`. */
  contextPath?: string;
  definitionVersion?: string;
  gatewayVersion?: string;
  /** False when the gateway has the API but does not run it. */
  started?: boolean;
  /** Every step that signs grants (Gravitee: enabled Generate JWT steps); normally exactly one. */
  signers: MaskinportenGatewaySigner[];
}

/** The outcome of a token request sent through a deployed token service. @public */
export interface MaskinportenGatewayTokenResult {
  outcome: 'success' | 'rejected' | 'unreachable' | 'timeout' | 'upstream-error';
  httpStatus?: number;
  /** The Maskinporten error code when Maskinporten refused the grant, e.g. `MP-100`. */
  errorCode?: string;
  /** One sentence for humans; never a token or key material. */
  message: string;
  durationMs?: number;
}

/**
 * A kind of gateway that runs integrations' token services and signs their grants. Gravitee is
 * the first implementation. The backend records each deployment (target id and API id) and
 * drives key rotation through this interface alone:
 *
 * - `inspect` reads what a deployment signs with (for adoption, the drift check and after each
 *   redeploy);
 * - `deploy` makes an existing deployment sign with another key and puts that live; it never
 *   creates an API, so a repeated call (after a lost answer) updates the same API again;
 * - `requestToken` asks for a token through the deployed token service as a consumer would,
 *   past any cache, so that a success proves the key it is deployed with.
 *
 * A deployment whose target is not registered, or a target without `deploy`, is carried by
 * hand: the owner updates it and confirms. Every method must be safe to repeat.
 *
 * @public
 */
export interface MaskinportenGatewayTarget {
  /** Stable id, stored with each deployment (e.g. `gravitee`). */
  readonly id: string;
  /** For people, e.g. `Gravitee (https://apim.example.org)`. */
  readonly title: string;
  /** Updates the deployment to sign with `key`, and deploys it. */
  deploy?(options: {
    deployment: MaskinportenGatewayDeploymentRef;
    integration: MaskinportenGatewayIntegration;
    key: MaskinportenGatewaySigningKey;
  }): Promise<MaskinportenGatewayDeployResult>;
  /** What the deployment is and signs with now; undefined when the gateway no longer has it. */
  inspect(deployment: MaskinportenGatewayDeploymentRef): Promise<MaskinportenGatewayInspection | undefined>;
  /** Requests a token through the deployed token service, bypassing any cache. */
  requestToken?(options: {
    deployment: MaskinportenGatewayDeploymentRef;
    integration: MaskinportenGatewayIntegration;
    /** Space-separated, as consumers send them. */
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
