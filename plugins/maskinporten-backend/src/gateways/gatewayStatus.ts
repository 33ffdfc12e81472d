import {
  GatewayDeploymentView,
  GatewayDriftFinding,
  GatewaySyncStatus,
  IntegrationGatewaySummary,
  MaskinportenKeyState,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { GatewayDeploymentRecord, KeyRecord } from '../database';
import { pickSigningKey } from '../keys/keyViews';
import { GatewayTargets } from './GatewayTargets';

/** What the backend knows of one integration's keys, to judge its deployments by. */
export interface IntegrationKeys {
  keys: KeyRecord[];
  /** `maskinporten.no/key-id`: a kid registered outside Backstage. */
  externalKeyId?: string;
}

/** Findings that concern the key a deployment signs with, as opposed to the API itself. */
const KEY_FINDINGS: GatewayDriftFinding[] = ['unknown-kid', 'retiring-key', 'revoked-key', 'expired-key', 'pending-key'];

export type KeyStateOf = MaskinportenKeyState | 'external' | 'unknown';

/** A kid's state among the integration's keys; expired by date counts as expired. */
export function keyStateOf(kid: string, integration: IntegrationKeys, now: Date): KeyStateOf {
  const key = integration.keys.find(k => k.kid === kid);
  if (!key) {
    return kid === integration.externalKeyId ? 'external' : 'unknown';
  }
  if (key.expiresAt && key.expiresAt <= now && (key.state === 'active' || key.state === 'retiring' || key.state === 'pending')) {
    return 'expired';
  }
  return key.state;
}

/** The kid grants should be signed with now: the signing key, else the external one. */
export function expectedKid(integration: IntegrationKeys, now: Date): string | undefined {
  return pickSigningKey(integration.keys, now)?.kid ?? integration.externalKeyId;
}

/**
 * What the deployment signs with as far as the backend knows: what the drift check last read
 * back when that is newer than the last deploy or confirmation, else what was deployed.
 */
export function currentKid(record: GatewayDeploymentRecord): string | undefined {
  return observationIsCurrent(record) ? record.observedKid ?? record.kid : record.kid;
}

/** The last drift check succeeded and came after the last deploy or confirmation. */
function observationIsCurrent(record: GatewayDeploymentRecord): boolean {
  return (
    record.checkedAt !== undefined &&
    record.checkError === undefined &&
    (record.deployedAt === undefined || record.checkedAt >= record.deployedAt)
  );
}

/** The key findings of a kid, for the drift check. */
export function findingsForKid(kid: string | undefined, integration: IntegrationKeys, now: Date): GatewayDriftFinding[] {
  if (!kid) {
    return [];
  }
  const state = keyStateOf(kid, integration, now);
  const expected = expectedKid(integration, now);
  switch (state) {
    case 'unknown':
      return ['unknown-kid'];
    case 'retiring':
      return ['retiring-key'];
    case 'revoked':
      return ['revoked-key'];
    case 'expired':
      return ['expired-key'];
    case 'pending':
      return kid === expected ? [] : ['pending-key'];
    case 'external':
      return kid === expected ? [] : ['retiring-key'];
    default:
      return [];
  }
}

/** One deployment as the card shows it, with its sync status and one sentence about it. */
export function toDeploymentView(
  record: GatewayDeploymentRecord,
  integration: IntegrationKeys,
  targets: GatewayTargets,
  now: Date,
): GatewayDeploymentView {
  const kid = currentKid(record);
  const keyState = kid ? keyStateOf(kid, integration, now) : undefined;
  const expected = expectedKid(integration, now);
  const apiFindings = observationIsCurrent(record) ? record.findings.filter(f => !KEY_FINDINGS.includes(f)) : [];
  const findings = [...new Set([...apiFindings, ...findingsForKid(kid, integration, now)])];
  let status: GatewaySyncStatus;
  if (findings.length > 0 || (kid !== undefined && expected !== undefined && kid !== expected)) {
    status = 'stale';
  } else if (kid === undefined || expected === undefined) {
    status = 'unknown';
  } else {
    status = 'in-sync';
  }
  const title = targets.title(record.target);
  const where = `${title} API ${record.name ?? record.apiId ?? '(not yet created)'}`;
  return {
    id: record.id,
    entityRef: record.entityRef,
    environment: record.environment,
    target: record.target,
    targetTitle: title,
    managed: targets.isManaged(record.target),
    origin: record.origin,
    apiId: record.apiId,
    name: record.name,
    contextPath: record.contextPath,
    definitionVersion: record.definitionVersion,
    gatewayVersion: record.gatewayVersion,
    kid,
    keyState,
    deployedAt: record.deployedAt?.toISOString(),
    deployedBy: record.deployedBy,
    state: record.state,
    lastError: record.lastError,
    status,
    statusText: describeStatus({ where, status, kid, keyState, expected, findings, managed: targets.isManaged(record.target) }),
    findings,
    checkedAt: record.checkedAt?.toISOString(),
    checkError: record.checkError,
    lastTest: record.lastTest,
  };
}

function describeStatus(o: {
  where: string;
  status: GatewaySyncStatus;
  kid?: string;
  keyState?: KeyStateOf;
  expected?: string;
  findings: GatewayDriftFinding[];
  managed: boolean;
}): string {
  const fix = o.managed ? 'redeploy it (or rotate the key)' : 'update it by hand with the downloaded definition and confirm';
  if (o.findings.includes('missing')) {
    return `${o.where} no longer exists on the gateway: deploy it again or unlink it.`;
  }
  if (o.findings.includes('fingerprint-mismatch')) {
    return `${o.where} signs under kid ${o.kid}, but with another key: ${fix}.`;
  }
  if (o.findings.includes('several-signers') || o.findings.includes('no-signer')) {
    return `${o.where} does not have exactly one Generate JWT step signing with one kid; check it in the gateway.`;
  }
  if (o.status === 'in-sync') {
    return `${o.where} signs with the active key ${o.kid}.`;
  }
  if (o.kid === undefined) {
    return o.managed
      ? `What ${o.where} signs with is not known yet; the drift check reads it back.`
      : `What ${o.where} signs with is not known: confirm the kid it was deployed with.`;
  }
  if (o.keyState === 'unknown') {
    return `${o.where} signs with ${o.kid}, which is not a key of this integration (changed by hand?): ${fix}.`;
  }
  const state = o.keyState === 'external' ? 'an old key registered outside Backstage' : `a ${o.keyState} key`;
  return `${o.where} signs with ${o.kid}, ${state}${o.expected ? `, not the active key ${o.expected}` : ''}: ${fix}.`;
}

/** The integration's gateways at a glance; undefined when it has none. */
export function summarizeGateways(
  records: GatewayDeploymentRecord[],
  integration: IntegrationKeys,
  targets: GatewayTargets,
  now: Date,
): IntegrationGatewaySummary | undefined {
  if (records.length === 0) {
    return undefined;
  }
  const deployments = records.map(record => toDeploymentView(record, integration, targets, now));
  const statuses = deployments.map(d => d.status);
  let status: GatewaySyncStatus = 'in-sync';
  if (statuses.includes('stale')) {
    status = 'stale';
  } else if (statuses.includes('unknown')) {
    status = 'unknown';
  }
  return { status, deployments };
}
