import { ConflictError } from '@backstage/errors';
import { privateKeyThumbprint } from '../../lib/jwkThumbprint';
import { POLICY } from '../constants';

type Json = Record<string, any>;

/** One Generate JWT step of a definition, without its key. */
export interface FoundSigner {
  kid?: string;
  keyResolver?: string;
  /** RFC 7638 thumbprint of the inline key, when it is one. */
  fingerprint?: string;
  issuer?: string;
  audiences?: string[];
}

const V2_PHASES = ['pre', 'post'];
const V4_PHASES = ['request', 'response', 'subscribe', 'publish', 'connect', 'interact'];

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{api, plans}` (v4 export) or the v2 definition itself. */
function apiOf(definition: Json): { api: Json; v4: boolean } {
  if (isObject(definition.api) && !('gravitee' in definition)) {
    return { api: definition.api, v4: true };
  }
  return { api: definition, v4: String(definition.definitionVersion ?? '').toUpperCase() === 'V4' };
}

/** Every enabled step of every enabled flow, API-level and plan-level, in order. */
function forEachStep(definition: Json, fn: (step: Json) => void) {
  const { api, v4 } = apiOf(definition);
  const phases = v4 ? V4_PHASES : V2_PHASES;
  const planLists = [api.plans, definition === api ? undefined : definition.plans];
  const flowLists = [api.flows, ...planLists.flatMap(plans => (Array.isArray(plans) ? plans.map((p: Json) => p?.flows) : []))];
  for (const flows of flowLists) {
    if (!Array.isArray(flows)) continue;
    for (const flow of flows) {
      if (!isObject(flow) || flow.enabled === false) continue;
      for (const phase of phases) {
        for (const step of Array.isArray(flow[phase]) ? flow[phase] : []) {
          if (isObject(step) && step.enabled !== false) fn(step);
        }
      }
    }
  }
}

/** Gravitee keeps some nested configurations as JSON strings in exports. */
function configurationOf(step: Json): Json {
  if (isObject(step.configuration)) return step.configuration;
  if (typeof step.configuration === 'string') {
    try {
      const parsed = JSON.parse(step.configuration);
      return isObject(parsed) ? parsed : {};
    } catch {
      return {};
    }
  }
  return {};
}

/**
 * The Generate JWT steps (`policy-generate-jwt`) of a v2 definition or v4 export: kid, how the
 * key is given, the fingerprint of an inline key, issuer and audiences. The key itself is not
 * returned.
 */
export function findSigners(definition: unknown): FoundSigner[] {
  if (!isObject(definition)) return [];
  const found: FoundSigner[] = [];
  forEachStep(definition, step => {
    if (step.policy !== POLICY.generateJwt) return;
    const c = configurationOf(step);
    const inline = c.keyResolver === 'INLINE' && typeof c.content === 'string';
    found.push({
      kid: typeof c.kid === 'string' && c.kid ? c.kid : undefined,
      keyResolver: typeof c.keyResolver === 'string' ? c.keyResolver : undefined,
      fingerprint: inline ? privateKeyThumbprint(c.content) : undefined,
      issuer: typeof c.issuer === 'string' ? c.issuer : undefined,
      audiences: Array.isArray(c.audiences) ? c.audiences.map(String) : undefined,
    });
  });
  return found;
}

/**
 * A copy of the definition whose every Generate JWT step signs with `kid` and the inline key
 * `pem`; nothing else changes. A step that reads its key from a file or key store cannot be
 * rotated from here: the owner has to update it by hand.
 */
export function patchSigningKey(definition: unknown, kid: string, pem: string): Json {
  if (!isObject(definition)) {
    throw new ConflictError('Gravitee answered no API definition to update');
  }
  const copy: Json = structuredClone(definition);
  let patched = 0;
  forEachStep(copy, step => {
    if (step.policy !== POLICY.generateJwt) return;
    const c = configurationOf(step);
    if (c.keyResolver !== 'INLINE') {
      throw new ConflictError(
        `A Generate JWT step reads its key with ${String(c.keyResolver)}, not INLINE; update that gateway by hand.`,
      );
    }
    step.configuration = { ...c, kid, content: pem };
    patched++;
  });
  if (patched === 0) {
    throw new ConflictError('The API has no enabled Generate JWT step to sign with the new key.');
  }
  return copy;
}

/**
 * How a consumer must pass the client id when the grant's issuer comes from a request header
 * (`{#request.headers['iss'][0]}`, `{#request.headers[iss]}`, as in the Sikt template).
 */
export function issuerHeader(issuer: string | undefined): string | undefined {
  const match = issuer ? /^\{#request\.headers\[['"]?([A-Za-z0-9_-]+)['"]?\](\[0\])?\}$/.exec(issuer.trim()) : null;
  return match?.[1];
}

/** The context path: v2 `proxy.virtual_hosts[0].path`, v4 the first HTTP listener path. Without a trailing slash. */
export function contextPathOf(definition: unknown): string | undefined {
  if (!isObject(definition)) return undefined;
  const { api, v4 } = apiOf(definition);
  const path: unknown = v4
    ? (api.listeners ?? []).flatMap((l: Json) => l?.paths ?? []).map((p: Json) => p?.path)[0]
    : api.proxy?.virtual_hosts?.[0]?.path;
  if (typeof path !== 'string') return undefined;
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** The published plans that let a consumer in: API key plans first, then keyless ones. */
export function entryPlans(definition: unknown): { apiKey?: string; keyless?: string } {
  if (!isObject(definition)) return {};
  const { api } = apiOf(definition);
  const plans: Json[] = [...(Array.isArray(api.plans) ? api.plans : []), ...(definition !== api && Array.isArray(definition.plans) ? definition.plans : [])];
  const published = plans.filter(p => isObject(p) && String(p.status ?? 'PUBLISHED').toUpperCase() === 'PUBLISHED');
  const security = (p: Json) => String(typeof p.security === 'string' ? p.security : p.security?.type ?? '').toUpperCase().replace('-', '_');
  return {
    apiKey: published.find(p => security(p) === 'API_KEY')?.id,
    keyless: published.find(p => security(p) === 'KEY_LESS')?.id,
  };
}
