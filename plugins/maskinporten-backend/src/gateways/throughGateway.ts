import { parseEntityRef } from '@backstage/catalog-model';
import { GatewayTestRecord } from '@maskinporten-backstage/plugin-maskinporten-common';
import {
  MaskinportenGatewayIntegration,
  MaskinportenGatewayTarget,
} from '@maskinporten-backstage/plugin-maskinporten-node';
import { MaskinportenConfig } from '../config/readMaskinportenConfig';
import { GatewayDeploymentRecord, GatewayDeploymentStore } from '../database';

/** What a target needs to know of an integration (or a rotation's copy of it). */
export function gatewayIntegration(
  integration: {
    entityRef: string;
    environment: string;
    clientId: string;
    scopes: string[];
    resources?: string[];
    consumerOrg?: string;
  },
  environments: MaskinportenConfig['environments'],
): MaskinportenGatewayIntegration {
  const environment = environments.get(integration.environment);
  return {
    entityRef: integration.entityRef,
    name: parseEntityRef(integration.entityRef).name,
    environment: integration.environment,
    issuer: environment?.issuer ?? '',
    tokenEndpoint: environment?.tokenEndpoint ?? '',
    clientId: integration.clientId,
    scopes: integration.scopes,
    resources: integration.resources ?? [],
    consumerOrg: integration.consumerOrg,
  };
}

/**
 * Sends a token request through the deployment, as a consumer would but past the cache, and
 * records the outcome on it. A success with the kid the deployment is recorded as signing
 * with marks that kid verified there. A target that throws (management API down) gives an
 * `unreachable` record, not an exception: the caller decides what a failed test means.
 */
export async function testThroughGateway(options: {
  target: MaskinportenGatewayTarget;
  record: GatewayDeploymentRecord;
  integration: MaskinportenGatewayIntegration;
  requestedBy: string;
  deployments: GatewayDeploymentStore;
  now: () => Date;
}): Promise<GatewayTestRecord> {
  const { target, record, integration } = options;
  const at = options.now();
  let test: GatewayTestRecord;
  if (!target.requestToken || !record.apiId) {
    test = {
      at: at.toISOString(),
      outcome: 'unreachable',
      message: `${target.title} cannot send a token request through API ${record.apiId ?? '(none)'}.`,
      kid: record.kid,
      requestedBy: options.requestedBy,
    };
  } else {
    try {
      const result = await target.requestToken({
        deployment: { target: record.target, apiId: record.apiId, definitionVersion: record.definitionVersion },
        integration,
        scope: integration.scopes.join(' '),
      });
      test = {
        at: at.toISOString(),
        outcome: result.outcome,
        message: result.message,
        kid: record.kid,
        httpStatus: result.httpStatus,
        errorCode: result.errorCode,
        requestedBy: options.requestedBy,
        durationMs: result.durationMs,
      };
    } catch (error) {
      test = {
        at: at.toISOString(),
        outcome: 'unreachable',
        message: (error as Error).message,
        kid: record.kid,
        requestedBy: options.requestedBy,
      };
    }
  }
  await options.deployments.recordTest(record.id, test);
  return test;
}
