import { lintGraviteeDefinition } from '../lint/lint';
import { GraviteeLintContext, GraviteeLintFinding, GraviteeLintKeyInfo } from '../lint/types';
import { renderGraviteeDefinition } from '../render/render';
import { GraviteeRenderInput } from '../types';
import { clone } from './definitions';
import { ENVIRONMENTS, renderInput } from './fixtures';

export const NOW = new Date('2026-11-24T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

export const KEYS: Record<string, GraviteeLintKeyInfo> = {
  'myorg-payroll-sync-test-20260101-ab12': {
    state: 'active',
    expiresAt: new Date(NOW.getTime() + 200 * DAY),
    environment: 'test',
    clientId: '0f8e6d2c-1b3a-4c5d-8e9f-0a1b2c3d4e5f',
  },
  'expiring-soon': { state: 'active', expiresAt: new Date(NOW.getTime() + 10 * DAY) },
  'expiring-at-30-days': { state: 'active', expiresAt: new Date(NOW.getTime() + 30 * DAY) },
  'expiring-at-31-days': { state: 'active', expiresAt: new Date(NOW.getTime() + 31 * DAY) },
  'expired-by-date': { state: 'active', expiresAt: new Date(NOW.getTime() - DAY) },
  'expired-by-state': { state: 'expired' },
  revoked: { state: 'revoked' },
  pending: { state: 'pending', expiresAt: new Date(NOW.getTime() + 365 * DAY) },
  retiring: { state: 'retiring', expiresAt: new Date(NOW.getTime() + 100 * DAY) },
  'prod-key': { state: 'active', environment: 'prod', expiresAt: new Date(NOW.getTime() + 300 * DAY) },
};

export function lintContext(overrides: Partial<GraviteeLintContext> = {}): GraviteeLintContext {
  return { environments: ENVIRONMENTS, now: NOW, lookupKey: kid => KEYS[kid], ...overrides };
}

/**
 * Our own rendered v2 definition as plain JSON, for a test to break one thing in. It carries
 * the test key inline, as a deployed token service does; `lint` leaves out the embedded-key
 * warning that this always gives (`lintAll` keeps it).
 */
export function renderedV2(input: Partial<GraviteeRenderInput> = {}): any {
  return clone(renderGraviteeDefinition(renderInput(input), { format: 'v2', secrets: 'inline' }));
}

export function renderedV4(input: Partial<GraviteeRenderInput> = {}): any {
  return clone(renderGraviteeDefinition(renderInput(input), { format: 'v4', secrets: 'inline' }));
}

/** Generate JWT configuration inside a rendered v2 definition, and its JSON path. */
export const V2_JWT = '$.flows[0].pre[1].configuration';
export const v2Jwt = (definition: any) => definition.flows[0].pre[1].configuration;
export const V4_JWT = '$.api.flows[0].request[1].configuration';
export const v4Jwt = (definition: any) => definition.api.flows[0].request[1].configuration;

/** Every finding. */
export function lintAll(json: unknown, context: Partial<GraviteeLintContext> = {}): GraviteeLintFinding[] {
  return lintGraviteeDefinition(json, lintContext(context)).findings;
}

/** Every finding but `key-inline`, which every inline baseline render has. */
export function lint(json: unknown, context: Partial<GraviteeLintContext> = {}): GraviteeLintFinding[] {
  return lintAll(json, context).filter(finding => finding.rule !== 'key-inline');
}

export function findings(json: unknown, rule: string, context: Partial<GraviteeLintContext> = {}) {
  return lintAll(json, context).filter(finding => finding.rule === rule);
}

/** `rule@path (severity)` lines, for assertions that read like the report. */
export function summary(list: GraviteeLintFinding[]): string[] {
  return list.map(f => `${f.rule}@${f.path} (${f.severity})`);
}
