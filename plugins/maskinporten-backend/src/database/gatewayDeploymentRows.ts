import { GatewayDriftFinding, GatewayTestRecord } from '@maskinporten-backstage/plugin-maskinporten-common';
import { IntegrationRef } from './KeyStore';
import { normalizeRef, toDate } from './columns';
import type {
  DeploySlot,
  GatewayDeploymentOrigin,
  GatewayDeploymentRecord,
  GatewayDeploymentState,
} from './GatewayDeploymentStore';

/** The pseudo-target of deployments carried by hand (no management API). */
export const MANUAL_TARGET = 'manual';

/** A row of `maskinporten_gateway_deployments` as knex reads and writes it. */
export type GatewayDeploymentRow = {
  id: string;
  entity_ref: string;
  environment: string;
  target: string;
  origin: string;
  api_id: string | null;
  link_key: string | null;
  deploy_slot: string | null;
  name: string | null;
  context_path: string | null;
  definition_version: string | null;
  gateway_version: string | null;
  kid: string | null;
  key_fingerprint: string | null;
  state: string;
  last_error: string | null;
  deployed_at: Date | string | number | null;
  deployed_by: string | null;
  last_test: string | null;
  verified_kid: string | null;
  observed_kid: string | null;
  observed_fingerprint: string | null;
  findings: string | null;
  checked_at: Date | string | number | null;
  check_error: string | null;
  created_at: Date | string | number;
  updated_at: Date | string | number;
};

/** What makes an API one integration's: `target|api id`, or for a hand-kept one its label within the integration. */
export function linkKey(target: string, apiId: string, integration: IntegrationRef): string {
  // Labels of hand-kept deployments are the owner's words: unique per integration only.
  return target === MANUAL_TARGET
    ? `${MANUAL_TARGET}|${normalizeRef(integration.entityRef)}|${integration.environment}|${apiId}`
    : `${target}|${apiId}`;
}

export function slotColumns(slot: DeploySlot) {
  return {
    target: slot.target,
    entity_ref: normalizeRef(slot.entityRef),
    environment: slot.environment,
    deploy_slot: `deploy:${slot.format}`,
  };
}

/** A row with nothing but its identity, origin and times. */
export function emptyRow(
  id: string,
  where: IntegrationRef & { target: string },
  origin: GatewayDeploymentOrigin,
  at: Date,
): GatewayDeploymentRow {
  return {
    id,
    entity_ref: normalizeRef(where.entityRef),
    environment: where.environment,
    target: where.target,
    origin,
    api_id: null,
    link_key: null,
    deploy_slot: null,
    name: null,
    context_path: null,
    definition_version: null,
    gateway_version: null,
    kid: null,
    key_fingerprint: null,
    state: 'deployed',
    last_error: null,
    deployed_at: origin === 'deployed' ? null : at,
    deployed_by: null,
    last_test: null,
    verified_kid: null,
    observed_kid: null,
    observed_fingerprint: null,
    findings: null,
    checked_at: null,
    check_error: null,
    created_at: at,
    updated_at: at,
  };
}

function optionalDate(value: Date | string | number | null): Date | undefined {
  return value === null ? undefined : toDate(value);
}

export function fromRow(row: GatewayDeploymentRow): GatewayDeploymentRecord {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    environment: row.environment,
    target: row.target,
    origin: row.origin as GatewayDeploymentOrigin,
    apiId: row.api_id ?? undefined,
    name: row.name ?? undefined,
    contextPath: row.context_path ?? undefined,
    definitionVersion: row.definition_version ?? undefined,
    gatewayVersion: row.gateway_version ?? undefined,
    kid: row.kid ?? undefined,
    keyFingerprint: row.key_fingerprint ?? undefined,
    state: row.state as GatewayDeploymentState,
    lastError: row.last_error ?? undefined,
    deployedAt: optionalDate(row.deployed_at),
    deployedBy: row.deployed_by ?? undefined,
    lastTest: row.last_test ? (JSON.parse(row.last_test) as GatewayTestRecord) : undefined,
    verifiedKid: row.verified_kid ?? undefined,
    observedKid: row.observed_kid ?? undefined,
    observedFingerprint: row.observed_fingerprint ?? undefined,
    findings: row.findings ? (JSON.parse(row.findings) as GatewayDriftFinding[]) : [],
    checkedAt: optionalDate(row.checked_at),
    checkError: row.check_error ?? undefined,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}
